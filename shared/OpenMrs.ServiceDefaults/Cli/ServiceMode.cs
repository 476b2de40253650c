namespace OpenMrs.ServiceDefaults.Cli;

/// <summary>
/// The long-running mode of an entry point (the web host), started by no arguments, by <c>serve</c>, or by a first
/// argument that is an option (<c>--Kafka:BootstrapServers=host:9092</c>, <c>--no-demo</c>).
/// </summary>
/// <param name="Summary">One line: what the service does.</param>
/// <param name="RunAsync">Builds and runs the host with the remaining arguments (configuration switches); returns the exit code.</param>
public sealed record ServiceMode(string Summary, Func<string[], Task<int>> RunAsync)
{
    /// <summary>The main options or configuration keys, each with its meaning; the usage lists them in this order.</summary>
    public IReadOnlyList<OptionHelp> Options { get; init; } = [];
}

/// <summary>One line of option help: <c>--Kafka:BootstrapServers=HOST:PORT</c> and what it means.</summary>
public sealed record OptionHelp(string Syntax, string Meaning);
