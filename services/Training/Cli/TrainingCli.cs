using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Data.Readers;
using OpenMrs.Recommender.Models;
using OpenMrs.ServiceDefaults.Cli;
using OpenMrs.Training.Cli.Eval;
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
            Details = $"models: {string.Join(", ", ModelCatalog.Names.Order())}",
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
