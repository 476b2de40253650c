using System.Globalization;
using OpenMrs.Recommender.Evaluation;
using OpenMrs.Training.Cli.Eval;
using Spectre.Console;

namespace OpenMrs.Training.Cli.Reports;

/// <summary>
/// The console summaries. <c>eval</c>: one table per model (fit and evaluation seconds in its title), a row per
/// metric and a column per k. <c>train</c> and <c>eval --store</c>: one table, a row per model after popularity's,
/// with the held-out metrics and the guard's outcome, then per model its version, seconds and the decision's reason.
/// </summary>
public static class ResultsTable
{
    public static void Write(IAnsiConsole console, EvalReport report)
    {
        var d = report.Dataset;
        WriteDataset(console, d);
        if (d.DroppedColdTestCells > 0)
            console.MarkupLineInterpolated($"[grey]{d.DroppedColdTestCells:N0} test cells of items without training plays dropped (--keep-cold-items keeps them)[/]");

        foreach (var model in report.Models)
        {
            var table = new Table().Border(TableBorder.Rounded)
                .Title(Invariant($"{Markup.Escape(model.Name)} (fit {model.FitSeconds:0.00} s, eval {model.Scores.Seconds:0.00} s)"));
            table.AddColumn("metric");
            foreach (var atK in model.Scores.AtK) table.AddColumn(new TableColumn(Invariant($"@{atK.K}")).RightAligned());
            for (var m = 0; m < model.Scores.Names.Count; m++)
                table.AddRow([model.Scores.Names[m], .. model.Scores.AtK.Select(a => Invariant($"{a.Values[m]:0.0000}"))]);
            console.Write(table);
            if (model.Scores.NextItem is { } next) WriteSmoothness(console, next);
        }
        if (report.MetricNames.Contains("precision"))
            console.MarkupLine("[grey]precision = Σ hits / Σ min(k, |test|) (benchmark definition); precision_over_k = mean hits / k; map divides AP by min(|test|, k)[/]");
    }

    public static void Write(IAnsiConsole console, HoldoutReport report)
    {
        WriteDataset(console, report.Dataset);
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"held-out scores, model store {report.Store}"));
        table.AddColumn("model");
        foreach (var name in new[] { "NDCG@10", "HitRate@10", "Recall@50", "users" }) table.AddColumn(new TableColumn(name).RightAligned());
        table.AddColumn("outcome");
        table.AddRow([.. MetricCells("popularity", report.Popularity), "baseline"]);
        foreach (var model in report.Models) table.AddRow([.. MetricCells(model.Name, model.Metrics), Markup.Escape(model.Outcome)]);
        console.Write(table);
        foreach (var model in report.Models)
            console.MarkupLineInterpolated($"[bold]{model.Name}[/] {(model.Version is { } v ? $"version {v}" : "no version")} ({model.Seconds:0.00} s): {model.Decision}");
        foreach (var note in report.Notes) console.MarkupLineInterpolated($"[grey]{note}[/]");
    }

    private static void WriteSmoothness(IAnsiConsole console, Recommender.Evaluation.Sequences.NextItemResult next) =>
        console.MarkupLine(next is { Continuation: { } c, Actual: { } a }
            ? Invariant($"smoothness of last → top-1: keysim {c.Key:0.000}, temposim {c.Tempo:0.000} over {c.Transitions:N0} transitions (actual next track: {a.Key:0.000}, {a.Tempo:0.000})")
            : "smoothness: n/a (no --descriptors; key and tempo are unknown)");

    private static IEnumerable<string> MetricCells(string name, Cycles.HoldoutMetrics m) =>
        [Markup.Escape(name), Invariant($"{m.NdcgAt10:0.0000}"), Invariant($"{m.HitRateAt10:0.0000}"), Invariant($"{m.RecallAt50:0.0000}"), Invariant($"{m.Users:N0}")];

    private static void WriteDataset(IAnsiConsole console, DatasetSummary d) =>
        console.MarkupLineInterpolated(
            $"[bold]{d.Path}[/] ({d.Format}): {d.Users:N0} users, {d.Items:N0} items, {d.TrainInteractions:N0} train / {d.TestInteractions:N0} test cells, {d.TestUsers:N0} test users; {d.Split}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
