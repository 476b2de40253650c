using System.Diagnostics;
using OpenMrs.Recommender.Evaluation;
using OpenMrs.Recommender.Evaluation.Sequences;
using OpenMrs.Recommender.Models;
using OpenMrs.Training.Cli.Reports;
using Spectre.Console;

namespace OpenMrs.Training.Cli.Eval;

/// <summary>
/// <c>eval</c>: load a listening file, split it (or take an explicit test file), fit each named model on train,
/// score it on test at every k, then print a table and optionally write JSON and a self-contained HTML report.
/// With <c>--store</c> it scores a stored model version instead (<see cref="StoredModelCommand"/>).
/// </summary>
public static class EvalCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        if (StoredModelArguments.Requested(args)) return await StoredModelCommand.RunAsync(args, console, cancellationToken);
        var arguments = EvalArguments.Parse(args);
        if (arguments.Sweep is { } sweep) return await SweepCommand.RunAsync(arguments, sweep, console, cancellationToken);
        // Build every model before reading data, so an unknown model or option fails at once.
        var models = arguments.Models
            .Select(name => (Name: name, Options: OptionsFor(arguments, name)))
            .Select(m => (m.Name, m.Options, Model: ModelCatalog.Create(m.Name, m.Options, arguments.Seed)))
            .ToList();

        EvalDataset? dataset = null;
        var results = new List<ModelResult>();
        await ProgressBars.Create(console).StartAsync(async context =>
        {
            dataset = await LoadAsync(context, arguments, cancellationToken);
            foreach (var (name, options, model) in models)
                results.Add(await Task.Run(() => FitAndEvaluate(context, name, options, model, dataset, arguments, cancellationToken), cancellationToken));
        });

        var report = new EvalReport(Summarise(dataset!, arguments), arguments.Seed, arguments.Ks, arguments.PlayCountGains, results);
        ResultsTable.Write(console, report);
        WriteSkippedLines(console, dataset!);
        if (arguments.Json is { } json) ReportFiles.Write(json, JsonReportWriter.Write(report), console);
        if (arguments.Html is { } html) ReportFiles.Write(html, HtmlReportWriter.Write(report), console);
        return 0;
    }

    internal static async Task<EvalDataset> LoadAsync(ProgressContext context, EvalArguments arguments, CancellationToken cancellationToken)
    {
        var load = ProgressBars.Step(context, "load and split");
        var dataset = await Task.Run(() => EvalDataset.Load(arguments), cancellationToken);
        ProgressBars.Done(load);
        return dataset;
    }

    internal static void WriteSkippedLines(IAnsiConsole console, EvalDataset dataset)
    {
        if (dataset.SkippedLines > 0)
            console.MarkupLineInterpolated($"[yellow]{dataset.SkippedLines:N0} malformed lines skipped[/], first: {dataset.Problems.FirstOrDefault()}");
    }

    internal static IReadOnlyDictionary<string, string> OptionsFor(EvalArguments arguments, string model) =>
        arguments.ModelOptions.TryGetValue(model, out var options) ? options : new Dictionary<string, string>();

    internal static ModelResult FitAndEvaluate(
        ProgressContext context, string name, IReadOnlyDictionary<string, string> options, IRecommender model,
        EvalDataset dataset, EvalArguments arguments, CancellationToken cancellationToken)
    {
        var fitTask = ProgressBars.Step(context, $"fit {name}");
        var loss = ProgressBars.Fit(fitTask);
        var clock = Stopwatch.StartNew();
        // session models read order: they fit on session rows with play positions (whole histories for the others)
        var train = model is ISessionRecommender && dataset.TrainSessions is { } sessionRows ? sessionRows : dataset.Split.Train;
        model.Fit(train, loss, cancellationToken);
        var fitSeconds = clock.Elapsed.TotalSeconds;
        ProgressBars.Done(fitTask);

        var scores = dataset.TestSessions is { } sessions
            ? EvaluateNextItem(context, name, model, dataset, sessions, arguments, cancellationToken)
            : EvaluateTopN(context, name, model, dataset, arguments, cancellationToken);
        return new ModelResult(name, options, fitSeconds, scores, loss.Points);
    }

    private static ModelScores EvaluateTopN(
        ProgressContext context, string name, IRecommender model, EvalDataset dataset, EvalArguments arguments, CancellationToken cancellationToken)
    {
        var evaluateTask = context.AddTask($"evaluate {name}", maxValue: Math.Max(1, dataset.Split.TestUsers.Length));
        var usersDone = new ActionProgress<int>(done => evaluateTask.Value = done);
        var evaluation = Evaluator.Evaluate(
            model, dataset.Split.Train.UserItems, dataset.Split.Test.UserItems, dataset.Split.TestUsers,
            new EvaluationOptions
            {
                Ks = arguments.Ks, PlayCountGains = arguments.PlayCountGains, Threads = arguments.Threads,
                MaxUsers = arguments.MaxUsers, Seed = arguments.Seed,
            },
            usersDone, cancellationToken);
        evaluateTask.Value(evaluateTask.MaxValue);
        return ModelScores.From(evaluation);
    }

    private static ModelScores EvaluateNextItem(
        ProgressContext context, string name, IRecommender model, EvalDataset dataset, IReadOnlyList<int[]> sessions,
        EvalArguments arguments, CancellationToken cancellationToken)
    {
        var evaluateTask = ProgressBars.Step(context, $"next-track {name}");
        var clock = Stopwatch.StartNew();
        var result = NextItemEvaluator.Evaluate(model, dataset.Split.Train.UserItems, sessions, arguments.Ks, arguments.Threads, cancellationToken,
            positionValues: model is ISessionRecommender, repeats: arguments.Repeats, descriptors: dataset.Descriptors);
        ProgressBars.Done(evaluateTask);
        return ModelScores.From(result, clock.Elapsed.TotalSeconds);
    }

    internal static DatasetSummary Summarise(EvalDataset dataset, EvalArguments arguments) => new(
        arguments.Data, arguments.FormatName, arguments.Test, dataset.Users, dataset.Items,
        dataset.Split.Train.UserItems.NonZeros, dataset.Split.Test.UserItems.NonZeros, dataset.Split.TestUsers.Length,
        dataset.Records, dataset.SkippedLines, dataset.DroppedColdCells, dataset.SplitDescription);

    /// <summary>An IProgress that calls back on the reporting thread (Progress&lt;T&gt; would post to a context).</summary>
    internal sealed class ActionProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
