namespace OpenMrs.Messaging.Configuration;

/// <summary>The <c>Kafka</c> configuration section.</summary>
public sealed class KafkaOptions
{
    public const string SectionName = "Kafka";

    /// <summary>Value of <see cref="BootstrapServers"/> that starts the in-process embedded cluster (so does an empty value).</summary>
    public const string EmbeddedKeyword = "embedded";

    /// <summary><c>host:port[,host:port...]</c> of a Kafka-compatible cluster, or empty / <c>embedded</c> for the in-process one.</summary>
    public string BootstrapServers { get; set; } = "";

    public string ClientId { get; set; } = "openmrs";

    /// <summary>How long the producer may wait to batch writes together. A few ms batches concurrent publishes cheaply.</summary>
    public int LingerMs { get; set; } = 5;

    /// <summary>How long the producer keeps retrying a write before <see cref="PublishException"/> (librdkafka's delivery.timeout.ms).</summary>
    public int DeliveryTimeoutMs { get; set; } = 30_000;

    /// <summary>Extra librdkafka producer properties (e.g. <c>compression.type</c>), applied last.</summary>
    public Dictionary<string, string> Producer { get; set; } = [];

    /// <summary>Extra librdkafka consumer properties (e.g. <c>session.timeout.ms</c>), applied last.</summary>
    public Dictionary<string, string> Consumer { get; set; } = [];

    public EmbeddedKafkaOptions Embedded { get; set; } = new();

    public bool UsesEmbeddedCluster =>
        string.IsNullOrWhiteSpace(BootstrapServers)
        || string.Equals(BootstrapServers.Trim(), EmbeddedKeyword, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The <c>Kafka:Embedded</c> section: shape of the in-process cluster.</summary>
public sealed class EmbeddedKafkaOptions
{
    public int Brokers { get; set; } = 3;

    /// <summary>Partitions per standard topic; topics not named keep their defaults (listens: 12).</summary>
    public Dictionary<string, int> Partitions { get; set; } = [];
}
