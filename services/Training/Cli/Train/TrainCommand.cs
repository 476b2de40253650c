using Microsoft.Extensions.Options;
using OpenMrs.ModelStore.Store;
using OpenMrs.Recommender.Models;
using OpenMrs.Training.Cli.Reports;
using OpenMrs.Training.Cycles;
using Spectre.Console;

namespace OpenMrs.Training.Cli.Train;

/// <summary>
/// <c>train</c>: one training cycle offline. The listening file's events become the interaction store's
/// interactions (<see cref="HoldoutDataset"/>), and the live cycle's own steps (<see cref="CycleSteps"/>) split them
/// in event time, fit each kind, score it against popularity (or the store's current version of the kind) as served,
/// guard, refit on all data and write the version into the model store at <c>--store</c>: the layout Serving reads,
/// so <c>ModelStore:Path=DIR</c> serves it. Nothing is announced on Kafka. Prints a table and writes JSON and HTML.
/// Exit code 0 when the cycle ran, whatever the guard decided (the table and JSON say).
/// </summary>
public static class TrainCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        var arguments = TrainArguments.Parse(args);
        var options = arguments.ToTrainingOptions();
        var fitter = new CatalogCandidateFitter(Options.Create(options));
        // Build every model before reading data, so an unknown model or option fails at once.
        foreach (var kind in arguments.Models) ModelCatalog.Create(kind, fitter.Hyperparameters(kind));
        var store = OpenStore(arguments.Store);
        var steps = new CycleSteps(fitter, store, options, _ => null);

        HoldoutDataset data = null!;
        var notes = new List<string>();
        var outcomes = new List<(KindOutcome Outcome, IReadOnlyList<Eval.LossPoint> Loss)>();
        await ProgressBars.Create(console).StartAsync(async context =>
        {
            var load = ProgressBars.Step(context, $"read and split {Path.GetFileName(arguments.File.Data)}");
            data = await Task.Run(() => HoldoutDataset.Load(arguments.File, steps, null, cancellationToken), cancellationToken);
            ProgressBars.Done(load);
            var progress = new CycleProgress(context);
            foreach (var kind in arguments.Models)
            {
                var outcome = await steps.RunKindAsync(kind, data.Slice, data.Popularity, Current(steps, kind, notes), data.File.Plays,
                    data.Interactions.Count, progress, cancellationToken, [.. outcomes.Select(o => o.Outcome.Report)]);
                outcomes.Add((outcome, progress.Loss(kind)));
            }
        });

        var report = new HoldoutReport("train", data.Summary(arguments.Holdout), arguments.Store, data.Popularity,
            [.. outcomes.Select(o => Result(o.Outcome, fitter.Hyperparameters(o.Outcome.Report.Kind), o.Loss))], [.. data.Notes(), .. notes]);
        ResultsTable.Write(console, report);
        if (arguments.Json is { } json) ReportFiles.Write(json, JsonReportWriter.Write(report), console);
        if (arguments.Html is { } html) ReportFiles.Write(html, HtmlReportWriter.Write(report), console);
        return 0;
    }

    /// <exception cref="CliUsageException">The directory cannot be used as a model store.</exception>
    public static FileSystemModelStore OpenStore(string path)
    {
        try
        {
            return new FileSystemModelStore(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ModelStoreException)
        {
            throw new CliUsageException($"--store {path}: {e.Message}");
        }
    }

    /// <summary>As the live cycle: an unreadable current version is set aside and the candidate compared with popularity.</summary>
    private static CurrentModel? Current(CycleSteps steps, string kind, List<string> notes)
    {
        try
        {
            return steps.LoadCurrent(kind);
        }
        catch (ModelStoreException e)
        {
            notes.Add($"the store's current {kind} version cannot be read ({e.Message}); the candidate was compared with popularity");
            return null;
        }
    }

    private static HoldoutModelResult Result(KindOutcome outcome, IReadOnlyDictionary<string, string> options, IReadOnlyList<Eval.LossPoint> loss)
    {
        var r = outcome.Report;
        return new HoldoutModelResult(r.Kind, options, r.FitSeconds, outcome.Candidate, r.Reference, outcome.Reference,
            r.Published, r.Reason, r.PublishedVersion, loss);
    }
}
