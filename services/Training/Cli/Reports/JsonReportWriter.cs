using System.Text.Json;
using System.Text.Json.Nodes;
using OpenMrs.Training.Cli.Eval;
using OpenMrs.Training.Cycles;

namespace OpenMrs.Training.Cli.Reports;

/// <summary>
/// The machine-readable results. Metric values are rounded to 8 decimals so reruns with the same seed produce the
/// same file.
/// <list type="bullet">
/// <item><c>eval</c>: <c>{ dataset, seed, ks, play_count_gains, models: [ { name, options, fit_seconds,
/// evaluate_seconds, evaluated (users, or steps for next-track), metrics: { "10": { precision, ... } }, smoothness (next-track:
/// { key, tempo, transitions, actual_key, actual_tempo } or "n/a" without descriptors; null otherwise), loss: [ { iteration, loss } ] } ] }</c>;</item>
/// <item><c>train</c> and <c>eval --store</c>: <c>{ command, dataset, store, popularity: HELD-OUT, models: [ { name,
/// options, seconds, metrics: HELD-OUT, reference, reference_metrics: HELD-OUT, outcome (published | refused | scored),
/// published (true, false or null), decision, version, loss } ], notes }</c> with HELD-OUT = <c>{ "ndcg@10",
/// "hitrate@10", "recall@50", "evaluation_users" }</c>.</item>
/// </list>
/// </summary>
public static class JsonReportWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Write(EvalReport report)
    {
        var root = new JsonObject
        {
            ["dataset"] = Dataset(report.Dataset),
            ["seed"] = report.Seed,
            ["ks"] = new JsonArray([.. report.Ks.Select(k => (JsonNode)k)]),
            ["play_count_gains"] = report.PlayCountGains,
            ["models"] = new JsonArray([.. report.Models.Select(Model)]),
        };
        return root.ToJsonString(Indented);
    }

    public static string Write(HoldoutReport report)
    {
        var root = new JsonObject
        {
            ["command"] = report.Command,
            ["dataset"] = Dataset(report.Dataset),
            ["store"] = report.Store,
            ["popularity"] = HeldOut(report.Popularity),
            ["models"] = new JsonArray([.. report.Models.Select(m => (JsonNode)new JsonObject
            {
                ["name"] = m.Name,
                ["options"] = Options(m.Options),
                ["seconds"] = Math.Round(m.Seconds, 3),
                ["metrics"] = HeldOut(m.Metrics),
                ["reference"] = m.Reference,
                ["reference_metrics"] = HeldOut(m.ReferenceMetrics),
                ["outcome"] = m.Outcome,
                ["published"] = m.Published,
                ["decision"] = m.Decision,
                ["version"] = m.Version,
                ["loss"] = Loss(m.Loss),
            })]),
            ["notes"] = new JsonArray([.. report.Notes.Select(n => (JsonNode)n)]),
        };
        return root.ToJsonString(Indented);
    }

    private static JsonObject Dataset(DatasetSummary d) => new()
    {
        ["path"] = d.Path, ["format"] = d.Format, ["test_path"] = d.TestPath, ["users"] = d.Users, ["items"] = d.Items,
        ["train_interactions"] = d.TrainInteractions, ["test_interactions"] = d.TestInteractions,
        ["test_users"] = d.TestUsers, ["records"] = d.Records, ["skipped_lines"] = d.SkippedLines,
        ["dropped_cold_test_cells"] = d.DroppedColdTestCells, ["split"] = d.Split,
    };

    private static JsonObject HeldOut(HoldoutMetrics m) => new()
    {
        ["ndcg@10"] = Math.Round(m.NdcgAt10, 8), ["hitrate@10"] = Math.Round(m.HitRateAt10, 8),
        ["recall@50"] = Math.Round(m.RecallAt50, 8), ["evaluation_users"] = m.Users,
    };

    private static JsonNode Model(ModelResult model)
    {
        var metrics = new JsonObject();
        foreach (var atK in model.Scores.AtK)
        {
            var values = new JsonObject();
            for (var i = 0; i < model.Scores.Names.Count; i++) values[model.Scores.Names[i]] = Math.Round(atK.Values[i], 8);
            metrics[atK.K.ToString(System.Globalization.CultureInfo.InvariantCulture)] = values;
        }
        return new JsonObject
        {
            ["name"] = model.Name,
            ["options"] = Options(model.Options),
            ["fit_seconds"] = Math.Round(model.FitSeconds, 3),
            ["evaluate_seconds"] = Math.Round(model.Scores.Seconds, 3),
            ["evaluated"] = model.Scores.Evaluated,
            ["metrics"] = metrics,
            ["smoothness"] = model.Scores.NextItem is { } next ? Smoothness(next) : null,
            ["loss"] = Loss(model.Loss),
        };
    }

    /// <summary>Next-track runs: mean keysim / temposim of last → top-1 and of last → actual next, or "n/a" without descriptors.</summary>
    private static JsonNode Smoothness(Recommender.Evaluation.Sequences.NextItemResult result) =>
        result is { Continuation: { } c, Actual: { } a }
            ? new JsonObject
            {
                ["key"] = Math.Round(c.Key, 8), ["tempo"] = Math.Round(c.Tempo, 8), ["transitions"] = c.Transitions,
                ["actual_key"] = Math.Round(a.Key, 8), ["actual_tempo"] = Math.Round(a.Tempo, 8),
            }
            : JsonValue.Create("n/a");

    private static JsonObject Options(IReadOnlyDictionary<string, string> options)
    {
        var json = new JsonObject();
        foreach (var (key, value) in options) json[key] = value;
        return json;
    }

    private static JsonArray Loss(IReadOnlyList<LossPoint> loss) =>
        new([.. loss.Select(p => (JsonNode)new JsonObject { ["iteration"] = p.Iteration, ["loss"] = p.Loss })]);
}
