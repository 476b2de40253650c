using Microsoft.Extensions.Options;
using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Training.Cli.Reports;
using OpenMrs.Training.Cli.Train;
using OpenMrs.Training.Cycles;
using OpenMrs.Training.Hosting;
using Spectre.Console;

namespace OpenMrs.Training.Cli.Eval;

/// <summary>
/// <c>eval --store DIR --model-version KIND/VERSION --data FILE</c>: scores one stored model version on the file's
/// event-time holdout, exactly as <c>train</c> and the live guard score a candidate: each evaluation user's training
/// history from the file is folded into the stored model (<c>RecommendForHistory</c>), so users the model never saw
/// are scored too; tracks it does not know are left out of the history and count as misses. Popularity fitted on
/// the file's training part is shown beside it. The split uses the stored model's own feedback weights.
/// </summary>
public static class StoredModelCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        var arguments = StoredModelArguments.Parse(args);
        if (!Directory.Exists(arguments.Store)) throw new CliUsageException($"--store {arguments.Store}: no such directory");
        var store = TrainCommand.OpenStore(arguments.Store);
        var options = new TrainingOptions { HoldoutFraction = arguments.Holdout };
        var steps = new CycleSteps(new CatalogCandidateFitter(Options.Create(options)), store, options, _ => null);

        TrainedModel model = null!;
        HoldoutDataset data = null!;
        HoldoutMetrics metrics = null!;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await ProgressBars.Create(console).StartAsync(async context =>
        {
            var load = ProgressBars.Step(context, $"load {arguments.Kind}/{arguments.Version}");
            model = Load(store, arguments);
            ProgressBars.Done(load);
            var read = ProgressBars.Step(context, $"read and split {Path.GetFileName(arguments.File.Data)}");
            data = await Task.Run(() => HoldoutDataset.Load(arguments.File, steps, model.Weights, cancellationToken), cancellationToken);
            ProgressBars.Done(read);
            var evaluate = ProgressBars.Step(context, $"evaluate {arguments.Kind}");
            metrics = await Task.Run(() => steps.Evaluate(model, data.Slice, cancellationToken), cancellationToken);
            ProgressBars.Done(evaluate);
        });

        var unknown = data.Slice.Users.Count(u => !model.Users.TryGetIndex(u.UserId, out _));
        var noKnownTrack = data.Slice.Users.Count(u => model.History(u.History).Count == 0);
        var result = new HoldoutModelResult($"{arguments.Kind}/{arguments.Version}", new Dictionary<string, string>(), clock.Elapsed.TotalSeconds,
            metrics, "popularity", data.Popularity, null,
            $"scored as served: {unknown:N0} of {data.Slice.Users.Count:N0} evaluation users are not in the model (folded in from their history); " +
            $"{noKnownTrack:N0} have no track the model knows (misses)", arguments.Version, []);
        var report = new HoldoutReport("eval", data.Summary(arguments.Holdout), arguments.Store, data.Popularity, [result], data.Notes());
        ResultsTable.Write(console, report);
        if (arguments.Json is { } json) ReportFiles.Write(json, JsonReportWriter.Write(report), console);
        if (arguments.Html is { } html) ReportFiles.Write(html, HtmlReportWriter.Write(report), console);
        return 0;
    }

    private static string Known(IModelStore store, string kind)
    {
        try
        {
            return store.ListVersions(kind) is { Count: > 0 } versions ? $" (newest versions: {string.Join(", ", versions.TakeLast(3))})" : "";
        }
        catch (ModelStoreException)
        {
            return "";
        }
    }

    private static TrainedModel Load(IModelStore store, StoredModelArguments arguments)
    {
        try
        {
            return TrainedModelFile.Load(store, arguments.Kind, arguments.Version);
        }
        catch (ModelStoreException e)
        {
            throw new CliUsageException($"--model-version {arguments.Kind}/{arguments.Version}: {e.Message}{Known(store, arguments.Kind)}");
        }
    }
}
