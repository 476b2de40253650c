using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenMrs.Messaging.Backpressure;
using OpenMrs.Messaging.Embedded;

namespace OpenMrs.Messaging.Configuration;

/// <summary>
/// Where the Kafka cluster is. With <c>Kafka:BootstrapServers</c> empty or <c>embedded</c>, the first use starts the
/// in-process cluster with every standard topic and its dead-letter topic; it stops when this object is disposed.
/// </summary>
public sealed class KafkaEndpoint : IDisposable
{
    private readonly object _gate = new();
    private readonly KafkaOptions? _options;
    private readonly ILogger _logger;
    private string? _bootstrapServers;
    private EmbeddedKafkaCluster? _embedded;
    private bool _disposed;

    public KafkaEndpoint(IOptions<KafkaOptions> options, ILogger<KafkaEndpoint>? logger = null)
    {
        _options = options.Value;
        _logger = logger ?? NullLogger<KafkaEndpoint>.Instance;
    }

    /// <summary>Uses a cluster that already exists; the endpoint does not own it.</summary>
    public KafkaEndpoint(string bootstrapServers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bootstrapServers);
        _bootstrapServers = bootstrapServers;
        _logger = NullLogger<KafkaEndpoint>.Instance;
    }

    /// <exception cref="EmbeddedKafkaException">The embedded cluster was asked for and could not start (the next call tries again).</exception>
    public string BootstrapServers => Volatile.Read(ref _bootstrapServers) ?? Resolve();

    /// <summary>How far this process's consumers of this cluster are behind, per partition.</summary>
    public ConsumerBacklog Backlog { get; } = new();

    /// <summary>The in-process cluster when this endpoint started one (after first use), for fault injection and inspection.</summary>
    public EmbeddedKafkaCluster? EmbeddedCluster
    {
        get
        {
            _ = BootstrapServers;
            return _embedded;
        }
    }

    private string Resolve()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_bootstrapServers is not null) return _bootstrapServers;
            var options = _options!;
            if (!options.UsesEmbeddedCluster) return _bootstrapServers = options.BootstrapServers.Trim();
            var cluster = EmbeddedKafkaCluster.Start(options.Embedded.Brokers);
            try
            {
                cluster.CreateStandardTopics(options.Embedded.Partitions);
            }
            catch
            {
                cluster.Dispose();
                throw;
            }
            _embedded = cluster;
            _logger.LogInformation("Started embedded Kafka ({Brokers} brokers) at {BootstrapServers}", cluster.BrokerCount, cluster.BootstrapServers);
            return _bootstrapServers = cluster.BootstrapServers;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _embedded?.Dispose();
        }
    }
}
