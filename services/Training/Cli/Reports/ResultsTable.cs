using System.Globalization;
using OpenMrs.Recommender.Evaluation;
using OpenMrs.Training.Cli.Eval;
using Spectre.Console;

namespace OpenMrs.Training.Cli.Reports;

/// <summary>The console summary: one table per model (fit and evaluation seconds in its title), a row per metric and a column per k.</summary>
public static class ResultsTable
{
    public static void Write(IAnsiConsole console, EvalReport report)
    {
        var d = report.Dataset;
        console.MarkupLineInterpolated(
            $"[bold]{d.Path}[/] ({d.Format}): {d.Users:N0} users, {d.Items:N0} items, {d.TrainInteractions:N0} train / {d.TestInteractions:N0} test cells, {d.TestUsers:N0} test users; {d.Split}");
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
        }
        if (report.MetricNames.Contains("precision"))
            console.MarkupLine("[grey]precision = Σ hits / Σ min(k, |test|) (benchmark definition); precision_over_k = mean hits / k; map divides AP by min(|test|, k)[/]");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
