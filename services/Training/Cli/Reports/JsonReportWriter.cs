using System.Text.Json;
using System.Text.Json.Nodes;
using OpenMrs.Recommender.Evaluation;
using OpenMrs.Training.Cli.Eval;

namespace OpenMrs.Training.Cli.Reports;

/// <summary>
/// The machine-readable result: <c>{ dataset, seed, ks, play_count_gains, models: [ { name, options, fit_seconds,
/// evaluate_seconds, evaluated (users, or steps for next-track), metrics: { "10": { precision, ... } }, loss: [ { iteration, loss } ] } ] }</c>.
/// Metric values are rounded to 8 decimals so reruns with the same seed produce the same file.
/// </summary>
public static class JsonReportWriter
{
    public static string Write(EvalReport report)
    {
        var d = report.Dataset;
        var root = new JsonObject
        {
            ["dataset"] = new JsonObject
            {
                ["path"] = d.Path, ["format"] = d.Format, ["test_path"] = d.TestPath, ["users"] = d.Users, ["items"] = d.Items,
                ["train_interactions"] = d.TrainInteractions, ["test_interactions"] = d.TestInteractions,
                ["test_users"] = d.TestUsers, ["records"] = d.Records, ["skipped_lines"] = d.SkippedLines,
                ["dropped_cold_test_cells"] = d.DroppedColdTestCells, ["split"] = d.Split,
            },
            ["seed"] = report.Seed,
            ["ks"] = new JsonArray([.. report.Ks.Select(k => (JsonNode)k)]),
            ["play_count_gains"] = report.PlayCountGains,
            ["models"] = new JsonArray([.. report.Models.Select(Model)]),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonNode Model(ModelResult model)
    {
        var metrics = new JsonObject();
        foreach (var atK in model.Scores.AtK)
        {
            var values = new JsonObject();
            for (var i = 0; i < model.Scores.Names.Count; i++) values[model.Scores.Names[i]] = Math.Round(atK.Values[i], 8);
            metrics[atK.K.ToString(System.Globalization.CultureInfo.InvariantCulture)] = values;
        }
        var options = new JsonObject();
        foreach (var (key, value) in model.Options) options[key] = value;
        return new JsonObject
        {
            ["name"] = model.Name,
            ["options"] = options,
            ["fit_seconds"] = Math.Round(model.FitSeconds, 3),
            ["evaluate_seconds"] = Math.Round(model.Scores.Seconds, 3),
            ["evaluated"] = model.Scores.Evaluated,
            ["metrics"] = metrics,
            ["loss"] = new JsonArray([.. model.Loss.Select(p => (JsonNode)new JsonObject { ["iteration"] = p.Iteration, ["loss"] = p.Loss })]),
        };
    }
}
