using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenMrs.ServiceDefaults;
using OpenMrs.ServiceDefaults.Cli;

namespace OpenMrs.EndToEnd.Tests.Cli;

/// <summary>The shared command-line front door, in process: which mode each command line selects and what it prints.</summary>
public sealed class EntryPointTests
{
    private readonly List<string> _ran = [];

    [Theory]
    [InlineData("", "service:")]
    [InlineData("serve", "service:")]
    [InlineData("serve --Kafka:BootstrapServers=k:9092", "service:--Kafka:BootstrapServers=k:9092")]
    [InlineData("--Urls=http://127.0.0.1:1 --no-demo", "service:--Urls=http://127.0.0.1:1 --no-demo")]
    [InlineData("eval --data x.tsv", "eval:--data x.tsv")]
    [InlineData("extract a.wav b.flac --json", "extract:a.wav b.flac --json")]
    public async Task The_command_line_selects_the_service_or_one_verb_with_the_remaining_arguments(string line, string expected)
    {
        var (code, output, error) = await Run(Service(), line);

        Assert.Equal(0, code);
        Assert.Equal([expected], _ran);
        Assert.Equal("", output + error);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("serve --help")]
    [InlineData("--Urls=http://127.0.0.1:1 -h")]
    public async Task Help_prints_the_service_mode_and_every_verb_with_its_options_and_runs_nothing(string line)
    {
        var (code, output, error) = await Run(Service(), line);

        Assert.Equal(EntryPoint.Success, code);
        Assert.Empty(_ran);
        Assert.Equal("", error);
        foreach (var shown in new[] { "[serve]", "--Kafka:BootstrapServers=HOST:PORT", "eval", "--data FILE", "extract", "FILE... [--json]" })
            Assert.Contains(shown, output);
    }

    [Fact]
    public async Task Verb_help_prints_that_verbs_usage_and_details_and_runs_nothing()
    {
        var (code, output, _) = await Run(Service(), "eval --data x.tsv --help");

        Assert.Equal(EntryPoint.Success, code);
        Assert.Empty(_ran);
        Assert.StartsWith("score models", output);
        Assert.Contains("usage: dotnet run -c Release --project services/Test -- eval --data FILE", output);
        Assert.Contains("models: pop, als", output);
        Assert.DoesNotContain("extract", output);
    }

    [Theory]
    [InlineData("evaluate --data x.tsv", "unknown command 'evaluate'")]
    [InlineData("help", "unknown command 'help'")]
    public async Task An_unknown_verb_is_one_error_line_then_the_usage_on_stderr_with_exit_code_2(string line, string message)
    {
        var (code, output, error) = await Run(Service(), line);

        Assert.Equal(EntryPoint.UsageError, code);
        Assert.Empty(_ran);
        Assert.Equal("", output);
        var lines = error.Split('\n');
        Assert.Equal($"services/Test: {message} (known: eval, extract)", lines[0]);
        Assert.Contains("--data FILE", error);
    }

    [Fact]
    public async Task Without_a_service_a_verb_is_needed()
    {
        var (code, output, error) = await Run(Benchmarks(), "");

        Assert.Equal(EntryPoint.UsageError, code);
        Assert.Equal("", output);
        Assert.StartsWith("services/Test: a command is needed (known: eval, extract)", error);
        Assert.Empty(_ran);
    }

    [Theory]
    [InlineData("--bench eval --k 10", "eval:--k 10")]
    [InlineData("--traced --bench extract --json", "extract:--traced --json")]
    [InlineData("eval --k 10", "eval:--k 10")]
    public async Task A_verb_option_names_the_verb_anywhere_on_the_line(string line, string expected)
    {
        var (code, _, _) = await Run(Benchmarks(), line);

        Assert.Equal(0, code);
        Assert.Equal([expected], _ran);
    }

    [Theory]
    [InlineData("--bench")]
    [InlineData("--bench --help")]
    public async Task The_verb_option_alone_lists_the_verbs(string line)
    {
        var (code, output, _) = await Run(Benchmarks(), line);

        Assert.Equal(EntryPoint.Success, code);
        Assert.Contains("--bench NAME [options]", output);
        Assert.Contains("  eval     score models", output);
        Assert.Empty(_ran);
    }

    [Theory]
    [InlineData("missing", EntryPoint.UsageError, "broken: cannot find /nowhere/x.tsv")]
    [InlineData("bug", EntryPoint.Failure, "broken: went wrong")]
    [InlineData("cancelled", EntryPoint.Failure, "broken: cancelled")]
    public async Task A_verb_that_throws_ends_with_one_line_on_stderr(string failure, int expectedCode, string expectedLine)
    {
        using var cancel = new CancellationTokenSource();
        var entry = new EntryPoint
        {
            Project = "p",
            Summary = "s",
            Verbs =
            [
                new("broken", "throws", "", (_, token) => failure switch
                {
                    "missing" => throw new FileNotFoundException("cannot find /nowhere/x.tsv"),
                    "bug" => throw new InvalidOperationException("went\nwrong"),
                    _ => Cancelled(cancel, token),
                }),
            ],
        };
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await entry.RunAsync(["broken"], output, error, cancel.Token);

        Assert.Equal(expectedCode, code);
        Assert.Equal(expectedLine + Environment.NewLine, error.ToString());
    }

    [Fact]
    public async Task A_service_that_cannot_start_ends_with_one_line_and_a_hint_for_a_taken_port()
    {
        var taken = new IOException("Failed to bind to address http://127.0.0.1:5080: address already in use.",
            new Microsoft.AspNetCore.Connections.AddressInUseException("Address already in use"));
        var entry = new EntryPoint { Project = "services/Test", Summary = "s", Service = new ServiceMode("fails", _ => Task.FromException<int>(taken)) };
        var (code, output, error) = await Run(entry, "");

        Assert.Equal(EntryPoint.Failure, code);
        Assert.Equal("", output);
        Assert.Equal("services/Test: Failed to bind to address http://127.0.0.1:5080: address already in use. " +
                     "(another instance may be running; choose another address with --Urls=http://127.0.0.1:PORT)" + Environment.NewLine, error);

        var misconfigured = new EntryPoint
        {
            Project = "services/Test", Summary = "s",
            Service = new ServiceMode("fails", _ => throw new InvalidOperationException("Features:AudioSources:LocalRoots must be absolute paths")),
        };
        (code, _, error) = await Run(misconfigured, "serve");
        Assert.Equal(EntryPoint.Failure, code);
        Assert.Equal("services/Test: Features:AudioSources:LocalRoots must be absolute paths" + Environment.NewLine, error);
    }

    [Fact]
    public async Task A_host_with_invalid_options_ends_with_their_message_before_it_starts_and_logs_no_stack_trace()
    {
        var logs = new CollectingLoggerProvider();
        var entry = new EntryPoint
        {
            Project = "services/Test", Summary = "s",
            Service = new ServiceMode("serves", args => ServiceHost.RunAsync(args, builder =>
            {
                builder.Logging.AddProvider(logs);
                builder.Services.AddOptions<StartOptions>().Validate(o => o.Workers > 0, "Test:Workers must be positive").ValidateOnStart();
            }, _ => { })),
        };

        var (code, _, error) = await Run(entry, "--Urls=http://127.0.0.1:0");

        Assert.Equal(EntryPoint.Failure, code);
        Assert.Equal("services/Test: Test:Workers must be positive" + Environment.NewLine, error);
        Assert.Empty(logs.Errors);
    }

    private sealed class StartOptions
    {
        public int Workers { get; set; }
    }

    /// <summary>Keeps the exceptions of error log entries, from every category.</summary>
    private sealed class CollectingLoggerProvider : ILoggerProvider, ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Errors { get; } = new();
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error) Errors.Enqueue(formatter(state, exception) + exception);
        }
        public void Dispose() { }
    }

    private static async Task<int> Cancelled(CancellationTokenSource cancel, CancellationToken token)
    {
        await cancel.CancelAsync();
        token.ThrowIfCancellationRequested();
        return 0;
    }

    [Fact]
    public void Usage_lines_are_wrapped_without_splitting_a_bracketed_option()
    {
        var synopsis = string.Join(' ', Enumerable.Range(0, 40).Select(i => $"[--option-{i} VALUE]"));
        var entry = new EntryPoint { Project = "p", Summary = "s", Verbs = [new Verb("long", "many options", synopsis, (_, _) => Task.FromResult(0))] };

        var lines = entry.Usage().Split('\n');

        Assert.All(lines, line => Assert.True(line.Length <= 110, line));
        var options = string.Join(' ', lines.SkipWhile(l => !l.StartsWith("  long")).Skip(1).TakeWhile(l => l.Length > 0).Select(l => l.Trim()));
        Assert.Equal(synopsis, options);
    }

    private EntryPoint Service() => new()
    {
        Project = "services/Test",
        Summary = "A test entry point.",
        Service = new ServiceMode("records its arguments", args => Record("service", args)) { Options = [CommonOptions.Kafka] },
        Verbs = Verbs(),
    };

    private EntryPoint Benchmarks() => new() { Project = "services/Test", Summary = "Verbs only.", VerbOption = "--bench", Verbs = Verbs() };

    private List<Verb> Verbs() =>
    [
        new("eval", "score models", "--data FILE [--k 10,50]", (args, _) => Record("eval", args)) { Details = "models: pop, als" },
        new("extract", "describe audio files", "FILE... [--json]", (args, _) => Record("extract", args)),
    ];

    private Task<int> Record(string mode, string[] args)
    {
        _ran.Add($"{mode}:{string.Join(' ', args)}");
        return Task.FromResult(0);
    }

    private static async Task<(int Code, string Output, string Error)> Run(EntryPoint entry, string line)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await entry.RunAsync(line.Split(' ', StringSplitOptions.RemoveEmptyEntries), output, error);
        return (code, output.ToString(), error.ToString());
    }
}
