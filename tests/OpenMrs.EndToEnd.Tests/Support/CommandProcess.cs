using System.Diagnostics;

namespace OpenMrs.EndToEnd.Tests.Support;

/// <summary>What a finished command printed and returned.</summary>
public sealed record CommandResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>Runs a program as a user would, in a given working directory, capturing its output.</summary>
public static class CommandProcess
{
    /// <summary>
    /// Runs <paramref name="file"/> with <paramref name="args"/> in <paramref name="workingDirectory"/>. A command
    /// still running after <paramref name="limit"/> (default 5 minutes) is killed with its children and reported as
    /// a failure: a command that should print and exit has started a host instead.
    /// </summary>
    public static async Task<CommandResult> RunAsync(string file, IEnumerable<string> args, string workingDirectory, TimeSpan? limit = null)
    {
        var start = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_NOLOGO"] = "1";
        // No MSBuild nodes or build server outliving `dotnet run` while holding the output pipes open.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(limit ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new InvalidOperationException(
                $"`{file} {string.Join(' ', start.ArgumentList)}` was still running and was stopped; it printed:\n{await output}\n{await error}");
        }
        return new CommandResult(process.ExitCode, await output, await error);
    }

    /// <summary>Runs a built entry assembly with <c>dotnet NAME.dll ARGS</c> from the repository root.</summary>
    public static Task<CommandResult> RunEntryAsync(string project, params string[] args) =>
        RunAsync("dotnet", [EntryAssembly.PathOf(project), .. args], RepositoryRoot.Find());
}
