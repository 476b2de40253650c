using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Data.Readers;
using OpenMrs.Recommender.Models;
using OpenMrs.ServiceDefaults.Cli;
using OpenMrs.Training.Cli.Eval;
using OpenMrs.Training.Cli.Replay;
using OpenMrs.Training.Cli.Train;
using Spectre.Console;

namespace OpenMrs.Training.Cli;

/// <summary>
/// The offline commands of the Training tool, as verbs of its <see cref="EntryPoint"/> (Program.cs): adding a command
/// is adding one entry to <see cref="Verbs"/>.
/// </summary>
public static class TrainingCli
{
    /// <summary>Exit code for a wrong command line, unreadable / malformed input, or data too small for what was asked.</summary>
    public const int UsageError = EntryPoint.UsageError;

    /// <summary>Exit code for a failure while fitting or evaluating.</summary>
    public const int RunError = EntryPoint.Failure;

    /// <summary>The offline verbs, writing results to <paramref name="console"/> and one-line errors to <paramref name="error"/>.</summary>
    public static IReadOnlyList<Verb> Verbs(IAnsiConsole console, TextWriter error) =>
    [
        new("eval", "fit and score recommenders on a listening file: a results table, JSON and an HTML report", EvalArguments.Options,
            (args, cancel) => RunGuardedAsync("eval", () => EvalCommand.RunAsync(args, console, cancel), error))
        {
            Details = $"models: {string.Join(", ", ModelCatalog.Names.Order())}\n" +
                      $"eval {StoredModelArguments.Options}\n" +
                      "  scores one stored model version on the file's event-time holdout, as served (the file's users folded in), beside popularity",
        },
        new("train", "one training cycle offline: split in event time, fit, guard and write each model into a model store Serving can read",
            TrainArguments.Options,
            (args, cancel) => RunGuardedAsync("train", () => TrainCommand.RunAsync(args, console, cancel), error))
        {
            Details = "Files without times (msd, tsv, hetrec, audioscrobbler) get a deterministic synthetic order (each user's records in file order).\n" +
                      "The guard is the live one: a model is written only if its held-out NDCG@10 is not below popularity's (or the store's\n" +
                      "current version's) by more than 5 %. Exit code 0 when the cycle ran, whatever the guard decided.",
        },
        new("coldstart", "evaluate the content-to-factors cold start (ALGORITHMS.md C) on generated data against random and artist-average factors",
            ColdStart.ColdStartArguments.Options,
            (args, cancel) => RunGuardedAsync("coldstart", () => ColdStart.ColdStartCommand.RunAsync(args, console, cancel), error)),
        new("replay", "stream a listening file through the ingestion HTTP API in event-time order, in batches", ReplayArguments.Options,
            (args, cancel) => RunGuardedAsync("replay", () => ReplayCommand.RunAsync(args, console, cancel), error))
        {
            Details = "Times are shifted so the file's last event is now, also with --limit (ingestion refuses times more than\n" +
                      "Ingestion:MaxFutureSkew ahead or before Ingestion:OldestOccurredAt); --keep-times sends them as they are. Event ids are FILE:LINE:OCCURRENCE, so a\n" +
                      "second replay counts as duplicates. Malformed lines and refused events are listed with their line numbers.\n" +
                      "Exit code 1 when ingestion cannot be reached.",
        },
    ];

    /// <summary>The Training-specific bad-input exceptions become one line and exit code 2; the entry point handles the rest.</summary>
    private static async Task<int> RunGuardedAsync(string verb, Func<Task<int>> command, TextWriter error)
    {
        try
        {
            return await command();
        }
        catch (Exception e) when (e is CliUsageException or MalformedInputException or InputFileException or ModelOptionException or DegenerateDataException)
        {
            await error.WriteLineAsync($"{verb}: {e.Message.ReplaceLineEndings(" ")}");
            return UsageError;
        }
    }
}
