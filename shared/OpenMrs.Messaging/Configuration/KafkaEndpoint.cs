using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenMrs.Messaging.Embedded;

namespace OpenMrs.Messaging.Configuration;

/// <summary>
/// Where the Kafka cluster is. With <c>Kafka:BootstrapServers</c> empty or <c>embedded</c>, the first use starts the
/// in-process cluster with every standard topic and its dead-letter topic; it stops when this object is disposed.
/// </summary>
public sealed class KafkaEndpoint : IDisposable
{
    private readonly Lazy<string> _bootstrapServers;
    private EmbeddedKafkaCluster? _embedded;

    public KafkaEndpoint(IOptions<KafkaOptions> options, ILogger<KafkaEndpoint>? logger = null)
    {
        var kafka = options.Value;
        var log = logger ?? NullLogger<KafkaEndpoint>.Instance;
        _bootstrapServers = new Lazy<string>(() =>
        {
            if (!kafka.UsesEmbeddedCluster) return kafka.BootstrapServers.Trim();
            _embedded = EmbeddedKafkaCluster.Start(kafka.Embedded.Brokers);
            _embedded.CreateStandardTopics(kafka.Embedded.Partitions);
            log.LogInformation("Started embedded Kafka ({Brokers} brokers) at {BootstrapServers}", _embedded.BrokerCount, _embedded.BootstrapServers);
            return _embedded.BootstrapServers;
        });
    }

    /// <summary>Uses a cluster that already exists; the endpoint does not own it.</summary>
    public KafkaEndpoint(string bootstrapServers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bootstrapServers);
        _bootstrapServers = new Lazy<string>(() => bootstrapServers);
    }

    public string BootstrapServers => _bootstrapServers.Value;

    /// <summary>The in-process cluster when this endpoint started one (after first use), for fault injection and inspection.</summary>
    public EmbeddedKafkaCluster? EmbeddedCluster
    {
        get
        {
            _ = BootstrapServers;
            return _embedded;
        }
    }

    public void Dispose() => _embedded?.Dispose();
}
