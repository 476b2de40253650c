using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Data.Readers;
using OpenMrs.Recommender.Models;
using OpenMrs.Training.Cli.Eval;
using Spectre.Console;

namespace OpenMrs.Training.Cli;

/// <summary>Offline commands of the Training tool (`eval`, ...). Returns null when args name no command, so the service runs.</summary>
public static class TrainingCli
{
    /// <summary>Exit code for a wrong command line, unreadable / malformed input, or data too small for what was asked.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code for a failure while fitting or evaluating.</summary>
    public const int RunError = 1;

    public static Task<int?> TryRunAsync(string[] args) => TryRunAsync(args, AnsiConsole.Console, Console.Error);

    /// <summary>As <see cref="TryRunAsync(string[])"/>, writing to the given console and error stream (for tests and embedding).</summary>
    public static async Task<int?> TryRunAsync(string[] args, IAnsiConsole console, TextWriter error, CancellationToken cancellationToken = default)
    {
        if (args.Length == 0) return null;
        switch (args[0])
        {
            case "eval" when args.Skip(1).Any(a => a is "--help" or "-h"):
                console.WriteLine(EvalArguments.Usage);
                console.WriteLine($"models: {string.Join(", ", ModelCatalog.Names.Order())}");
                return 0;
            case "eval":
                return await RunGuardedAsync(() => EvalCommand.RunAsync(args[1..], console, cancellationToken), error);
            default:
                return null;
        }
    }

    private static async Task<int> RunGuardedAsync(Func<Task<int>> command, TextWriter error)
    {
        try
        {
            return await command();
        }
        catch (Exception e) when (e is CliUsageException or MalformedInputException or InputFileException or ModelOptionException or DegenerateDataException)
        {
            await error.WriteLineAsync($"eval: {OneLine(e.Message)}");
            return UsageError;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"eval: {OneLine(e.Message)}");
            return UsageError;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("eval: cancelled");
            return RunError;
        }
        catch (Exception e)
        {
            await error.WriteLineAsync($"eval: {e.GetType().Name}: {OneLine(e.Message)}");
            return RunError;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
