using OpenMrs.Recommender.Evaluation.Splits;
using OpenMrs.Recommender.Evaluation.Sweeps;
using OpenMrs.Recommender.Models;
using OpenMrs.Training.Cli.Reports;
using Spectre.Console;

namespace OpenMrs.Training.Cli.Eval;

/// <summary>
/// <c>eval --sweep</c>: carve a validation split of the test split's kind (seed + 1) out of the training part, run
/// <see cref="HyperparameterSweep"/> for each model's grid there, then fit the default and the validation winner on the
/// whole training part and score both on the test part, as a plain <c>eval</c> would.
/// </summary>
public static class SweepCommand
{
    public static async Task<int> RunAsync(EvalArguments arguments, SweepArguments sweep, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        // Expanding the grids checks every configuration, so a bad value fails before any data is read.
        var plans = arguments.Models
            .Select(m => SweepPlan.Create(m, EvalCommand.OptionsFor(arguments, m), sweep.GridOf(m), sweep.MaxConfigurations, arguments.Seed))
            .ToList();
        arguments = arguments with { Ks = [.. arguments.Ks.Append(sweep.Metric.K).Distinct().Order()] };
        var options = new SweepOptions
        {
            Metric = sweep.Metric, PlayCountGains = arguments.PlayCountGains, Threads = arguments.Threads,
            MaxUsers = arguments.MaxUsers, Seed = arguments.Seed,
        };

        EvalDataset? dataset = null;
        ValidationSplit? validation = null;
        var outcomes = new List<SweepOutcome>();
        await ProgressBars.Create(console).StartAsync(async context =>
        {
            dataset = await EvalCommand.LoadAsync(context, arguments, cancellationToken);
            validation = ValidationSplit.Carve(dataset.Split.Train, ValidationSplitter(arguments), arguments.KeepColdItems);
            foreach (var plan in plans)
            {
                var task = context.AddTask($"sweep {plan.Model}", maxValue: plan.Grid.Count + 1);
                var progress = new EvalCommand.ActionProgress<SweepProgress>(p => task.Value = p.Done);
                var choice = await Task.Run(() => HyperparameterSweep.Choose(plan, validation, options, progress, cancellationToken), cancellationToken);
                ProgressBars.Done(task);
                outcomes.Add(await Task.Run(() => Confirm(context, choice, dataset, arguments, cancellationToken), cancellationToken));
            }
        });

        var report = new SweepReport(
            new EvalReport(EvalCommand.Summarise(dataset!, arguments), arguments.Seed, arguments.Ks, arguments.PlayCountGains,
                [.. outcomes.SelectMany(o => o.Tested)]),
            Describe(arguments, validation!), validation!, sweep.Metric, outcomes);
        SweepReport.WriteValidationTables(console, report);
        ResultsTable.Write(console, report.Test);
        SweepReport.WriteComparison(console, report);
        EvalCommand.WriteSkippedLines(console, dataset!);
        if (arguments.Json is { } json) ReportFiles.Write(json, SweepReport.Json(report), console);
        if (arguments.Html is { } html) ReportFiles.Write(html, HtmlReportWriter.Write(report.Test), console);
        return 0;
    }

    private static IMatrixSplit ValidationSplitter(EvalArguments arguments) => arguments.Split == SplitKind.Msd
        ? new MsdChallengeSplit(arguments.TestFraction, arguments.Seed + 1)
        : new HoldoutSplit(arguments.TestFraction, MinItems: 2, arguments.Seed + 1);

    private static string Describe(EvalArguments arguments, ValidationSplit validation) => FormattableString.Invariant(
        $"{(arguments.Split == SplitKind.Msd ? "MSD challenge" : "per-user random holdout")} of {arguments.TestFraction:0.##} carved from train (seed {arguments.Seed + 1}): ") +
        FormattableString.Invariant(
        $"{validation.Fit.UserItems.NonZeros:N0} fit / {validation.Validation.UserItems.NonZeros:N0} validation cells, {validation.Parts.TestUsers.Length:N0} validation users");

    /// <summary>Fits the default and (when it differs) the winner on the whole training part and scores them on test.</summary>
    private static SweepOutcome Confirm(ProgressContext context, SweepChoice choice, EvalDataset dataset, EvalArguments arguments, CancellationToken cancellationToken)
    {
        ModelResult Test(string label, IReadOnlyDictionary<string, string> options) => EvalCommand.FitAndEvaluate(
            context, $"{choice.Model} ({label})", options, ModelCatalog.Create(choice.Model, options, arguments.Seed), dataset, arguments, cancellationToken);

        if (choice.WinnerIndex == 0) return new SweepOutcome(choice, Test("default = winner", choice.Default.Options), null);
        return new SweepOutcome(choice, Test("default", choice.Default.Options), Test("winner", choice.Winner.Options));
    }
}

/// <summary>One model's sweep and the test results of its default and winner (null when the default won).</summary>
public sealed record SweepOutcome(SweepChoice Choice, ModelResult DefaultTest, ModelResult? WinnerTest)
{
    public IEnumerable<ModelResult> Tested => WinnerTest is null ? [DefaultTest] : [DefaultTest, WinnerTest];
}
