namespace OpenMrs.ServiceDefaults.Cli;

/// <summary>
/// The command-line front door every executable of the project shares (the services, the all-in-one host, the
/// benchmarks). An entry point declares its service mode and its verbs; <see cref="RunAsync"/> dispatches uniformly:
/// <list type="bullet">
/// <item>no arguments, <c>serve [...]</c>, or a first argument that is an option → the service (when there is one);</item>
/// <item><c>--help</c> or <c>-h</c> → the usage on stdout, exit 0 (never starts the service);</item>
/// <item><c>VERB ... --help</c> → that verb's usage, exit 0; <c>VERB ARGS</c> → the verb, its exit code;</item>
/// <item>an unknown verb, or no verb where one is needed → one error line and the usage on stderr, exit 2.</item>
/// </list>
/// A verb that throws ends with one line on stderr, never a stack trace: a missing or unreadable file is bad input
/// (exit 2), cancellation and anything else a failure (exit 1). So does a service that fails to start or stops on an
/// error (exit 1; its log has the details).
/// Relative paths in any argument mean the folder the command was run from: the process's current directory, which
/// <c>dotnet run</c> leaves as the caller's (Directory.Build.props turns off the Web SDK's run-in-project-folder).
/// </summary>
public sealed class EntryPoint
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;
    public const string ServeVerb = "serve";

    /// <summary>The project folder from the repository root, e.g. <c>services/Training</c>; the usage shows it as <c>dotnet run -c Release --project services/Training --</c>.</summary>
    public required string Project { get; init; }

    /// <summary>One line: what the executable is.</summary>
    public required string Summary { get; init; }

    /// <summary>The long-running mode; null when a verb is always needed (the benchmarks).</summary>
    public ServiceMode? Service { get; init; }

    public IReadOnlyList<Verb> Verbs { get; init; } = [];

    /// <summary>
    /// When set (e.g. <c>--bench</c>), verbs are named by this option anywhere on the line (<c>--traced --bench
    /// system</c>) as well as by the first argument; the option without a name asks for the list (usage, exit 0).
    /// </summary>
    public string? VerbOption { get; init; }

    /// <summary>For <c>Program.cs</c>: stdout and stderr, and a first Ctrl+C cancels a running verb (a second one ends the process).</summary>
    public Task<int> RunMainAsync(string[] args) => DispatchAsync(args, Console.Out, Console.Error, CancellationToken.None, cancelOnCtrlC: true);

    /// <summary>Dispatches <paramref name="args"/> as described on the type, writing usage and errors to the given writers.</summary>
    /// <returns>The exit code: the service's or verb's own, 0 for help, 2 for a wrong or missing verb.</returns>
    public Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        DispatchAsync(args, output, error, cancellationToken, cancelOnCtrlC: false);

    /// <summary>The whole usage: the service mode and its main options, every verb with its main options.</summary>
    public string Usage() => UsageText.ForEntryPoint(this);

    /// <summary>One verb's usage: its synopsis and details.</summary>
    public string Usage(Verb verb) => UsageText.ForVerb(this, verb);

    internal string Invocation => $"dotnet run -c Release --project {Project} --";

    private async Task<int> DispatchAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken, bool cancelOnCtrlC)
    {
        if (VerbOption is not null && Array.IndexOf(args, VerbOption) is var at and >= 0)
        {
            if (at + 1 >= args.Length || IsHelp(args[at + 1])) return Help(output);
            args = [args[at + 1], .. args[..at], .. args[(at + 2)..]];
        }
        if (args.Length == 0)
            return Service is { } service ? await RunServiceAsync(service, args, error) : Wrong(error, "a command is needed");

        var first = args[0];
        if (IsHelp(first)) return Help(output);
        if (Service is { } mode && (first == ServeVerb || first.StartsWith('-')))
        {
            var rest = first == ServeVerb ? args[1..] : args;
            return rest.Any(IsHelp) ? Help(output) : await RunServiceAsync(mode, rest, error);
        }

        var verb = Verbs.FirstOrDefault(v => string.Equals(v.Name, first, StringComparison.Ordinal));
        if (verb is null)
            return Wrong(error, first.StartsWith('-') ? $"a command is needed before {first}" : $"unknown command '{first}'");
        var verbArgs = args[1..];
        if (verbArgs.Any(IsHelp))
        {
            await output.WriteAsync(Usage(verb));
            return Success;
        }
        return await RunVerbAsync(verb, verbArgs, error, cancellationToken, cancelOnCtrlC);
    }

    private static bool IsHelp(string arg) => arg is "--help" or "-h";

    private int Help(TextWriter output)
    {
        output.Write(Usage());
        return Success;
    }

    private int Wrong(TextWriter error, string message)
    {
        var known = Verbs.Count == 0 ? "" : $" (known: {string.Join(", ", Verbs.Select(v => v.Name))})";
        error.WriteLine($"{Project}: {message}{known}");
        error.WriteLine();
        error.Write(Usage());
        return UsageError;
    }

    /// <summary>Runs the service; a failure to start or run (a taken port, bad configuration) ends with one line on stderr and exit 1.</summary>
    private async Task<int> RunServiceAsync(ServiceMode mode, string[] args, TextWriter error)
    {
        try
        {
            return await mode.RunAsync(args);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            while (e is AggregateException { InnerExceptions.Count: 1 } or System.Reflection.TargetInvocationException && e.InnerException is { } inner) e = inner;
            var hint = Chain(e).Any(x => x is Microsoft.AspNetCore.Connections.AddressInUseException)
                ? " (another instance may be running; choose another address with --Urls=http://127.0.0.1:PORT)"
                : "";
            error.WriteLine($"{Project}: {e.Message.ReplaceLineEndings(" ")}{hint}");
            return Failure;
        }

        static IEnumerable<Exception> Chain(Exception? e)
        {
            for (; e is not null; e = e.InnerException) yield return e;
        }
    }

    private static async Task<int> RunVerbAsync(Verb verb, string[] args, TextWriter error, CancellationToken cancellationToken, bool cancelOnCtrlC)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCtrlC = (_, e) =>
        {
            if (cancel.IsCancellationRequested) return;
            e.Cancel = true;
            cancel.Cancel();
        };
        if (cancelOnCtrlC) Console.CancelKeyPress += onCtrlC;
        try
        {
            return await verb.RunAsync(args, cancel.Token);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return Report(UsageError, e.Message);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return Report(Failure, "cancelled");
        }
        catch (Exception e)
        {
            return Report(Failure, e.Message);
        }
        finally
        {
            if (cancelOnCtrlC) Console.CancelKeyPress -= onCtrlC;
        }

        int Report(int code, string message)
        {
            error.WriteLine($"{verb.Name}: {message.ReplaceLineEndings(" ")}");
            return code;
        }
    }
}
