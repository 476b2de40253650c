using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenMrs.Recommender.Evaluation;
using OpenMrs.Recommender.Evaluation.Sweeps;
using OpenMrs.Training.Cli.Reports;
using Spectre.Console;

namespace OpenMrs.Training.Cli.Eval;

/// <summary>
/// What <c>eval --sweep</c> measured: each model's trials on the validation split, and the test results of its
/// default and validation winner (<see cref="Test"/>, an ordinary evaluation report).
/// </summary>
public sealed record SweepReport(EvalReport Test, string ValidationDescription, ValidationSplit Validation, SweepMetric Metric, IReadOnlyList<SweepOutcome> Models)
{
    /// <summary>One table per model: a row per configuration (the default first) with its validation score; the winner is starred.</summary>
    public static void WriteValidationTables(IAnsiConsole console, SweepReport report)
    {
        console.MarkupLineInterpolated($"[bold]validation[/]: {report.ValidationDescription}");
        foreach (var outcome in report.Models)
        {
            var choice = outcome.Choice;
            var keys = choice.Trials.Skip(1).SelectMany(t => t.Options.Keys).Distinct(StringComparer.OrdinalIgnoreCase)
                .Where(k => !choice.Default.Options.ContainsKey(k)).ToList();
            var table = new Table().Border(TableBorder.Rounded)
                .Title(Invariant($"{Markup.Escape(choice.Model)}: validation {choice.Metric} of {choice.Trials.Count} configurations"));
            table.AddColumn("");
            foreach (var key in keys) table.AddColumn(Markup.Escape(key));
            table.AddColumn(new TableColumn(Markup.Escape(choice.Metric.ToString())).RightAligned());
            table.AddColumn(new TableColumn("fit s").RightAligned());
            for (var i = 0; i < choice.Trials.Count; i++)
            {
                var trial = choice.Trials[i];
                var label = (trial.IsDefault ? "default" : Invariant($"{i}")) + (i == choice.WinnerIndex ? " ★" : "");
                table.AddRow([label, .. keys.Select(k => trial.IsDefault ? "·" : Markup.Escape(trial.Options[k])),
                    Invariant($"{trial.Score:0.0000}"), Invariant($"{trial.FitSeconds:0.00}")]);
            }
            console.Write(table);
        }
    }

    /// <summary>One line per model: the test score of the default next to the validation winner's.</summary>
    public static void WriteComparison(IAnsiConsole console, SweepReport report)
    {
        foreach (var outcome in report.Models)
        {
            var metric = report.Metric;
            var line = Invariant($"{outcome.Choice.Model}: test {metric} {TestScore(outcome.DefaultTest, metric):0.0000} at the default");
            line += outcome.WinnerTest is { } winner
                ? Invariant($", {TestScore(winner, metric):0.0000} at the validation winner ({Changed(outcome.Choice)})")
                : " (no configuration beat the default on validation)";
            console.MarkupLine(Markup.Escape(line));
        }
    }

    /// <summary>
    /// <c>{ sweep: { metric, validation: {...}, models: [ { name, trials: [ { options, default, fit_seconds, score, metrics } ],
    /// winner: { options }, test: { default, winner } } ] }, test: (the eval JSON of the tested models) }</c>, rounded to 8 decimals.
    /// </summary>
    public static string Json(SweepReport report)
    {
        var v = report.Validation;
        var root = new JsonObject
        {
            ["sweep"] = new JsonObject
            {
                ["metric"] = report.Metric.ToString(),
                ["validation"] = new JsonObject
                {
                    ["split"] = report.ValidationDescription,
                    ["fit_interactions"] = v.Fit.UserItems.NonZeros, ["validation_interactions"] = v.Validation.UserItems.NonZeros,
                    ["validation_users"] = v.Parts.TestUsers.Length, ["dropped_cold_cells"] = v.DroppedColdCells,
                },
                ["models"] = new JsonArray([.. report.Models.Select(o => Model(o, report.Metric))]),
            },
            ["test"] = JsonNode.Parse(JsonReportWriter.Write(report.Test)),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonNode Model(SweepOutcome outcome, SweepMetric metric)
    {
        var choice = outcome.Choice;
        var winnerTest = outcome.WinnerTest ?? outcome.DefaultTest;
        return new JsonObject
        {
            ["name"] = choice.Model,
            ["trials"] = new JsonArray([.. choice.Trials.Select(t => (JsonNode)new JsonObject
            {
                ["options"] = Options(t.Options), ["default"] = t.IsDefault, ["fit_seconds"] = Math.Round(t.FitSeconds, 3),
                ["score"] = Math.Round(t.Score, 8),
                ["metrics"] = new JsonObject([.. t.Validation.Values.Select((value, i) =>
                    KeyValuePair.Create(MetricsAtK.Names[i], (JsonNode?)Math.Round(value, 8)))]),
            })]),
            ["winner"] = new JsonObject { ["options"] = Options(choice.Winner.Options), ["default"] = choice.Winner.IsDefault },
            ["test"] = new JsonObject
            {
                ["default"] = Math.Round(TestScore(outcome.DefaultTest, metric), 8),
                ["winner"] = Math.Round(TestScore(winnerTest, metric), 8),
            },
        };
    }

    private static JsonObject Options(IReadOnlyDictionary<string, string> options) =>
        new([.. options.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]);

    private static double TestScore(ModelResult result, SweepMetric metric) =>
        result.Scores.AtK.First(a => a.K == metric.K).Values[result.Scores.Names.ToList().IndexOf(metric.Name)];

    private static string Changed(SweepChoice choice) =>
        string.Join(", ", choice.Winner.Options.Where(p => !choice.Default.Options.ContainsKey(p.Key)).Select(p => $"{p.Key}={p.Value}"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
