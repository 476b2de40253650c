namespace OpenMrs.ServiceDefaults.Cli;

/// <summary>
/// One offline command of an entry point, e.g. <c>eval --data FILE [--k 10,50]</c>. Adding a command to an
/// executable is adding one of these to its <see cref="EntryPoint.Verbs"/>.
/// </summary>
/// <param name="Name">The word that selects it (<c>eval</c>, <c>extract</c>, a benchmark name).</param>
/// <param name="Summary">One line: what it does.</param>
/// <param name="Options">Its main options as a synopsis, e.g. <c>--data FILE [--json FILE]</c>; the usage wraps it.</param>
/// <param name="RunAsync">Runs it with the arguments after the name; returns the exit code (0 done, 1 failed, 2 bad usage).
/// Relative paths in the arguments are relative to the current directory, which is the caller's.</param>
public sealed record Verb(string Name, string Summary, string Options, Func<string[], CancellationToken, Task<int>> RunAsync)
{
    /// <summary>More lines shown by <c>NAME --help</c> only (option values, model names, exit codes).</summary>
    public string? Details { get; init; }
}
