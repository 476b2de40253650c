using Confluent.Kafka;
using OpenMrs.Contracts;
using OpenMrs.Messaging.Embedded;

namespace OpenMrs.Testing.Kafka;

/// <summary>
/// An xunit fixture (class or collection) holding one embedded Kafka cluster for the tests that share it.
/// Give each test its own topic with <see cref="CreateTopic"/> so tests never see each other's messages.
/// </summary>
public class KafkaClusterFixture : IDisposable
{
    private int _topicSequence;

    public KafkaClusterFixture() : this(brokerCount: 3) { }

    /// <summary>For a derived fixture with another number of brokers.</summary>
    protected KafkaClusterFixture(int brokerCount) => Cluster = EmbeddedKafkaCluster.Start(brokerCount);

    public EmbeddedKafkaCluster Cluster { get; }

    public string BootstrapServers => Cluster.BootstrapServers;

    /// <summary>Creates a fresh topic named <c>prefix-N-random</c> and its <c>.dlq</c>, and returns its name.</summary>
    public string CreateTopic(string prefix = "test", int partitions = 3)
    {
        var topic = $"{prefix}-{Interlocked.Increment(ref _topicSequence)}-{Guid.NewGuid().ToString("N")[..8]}";
        Cluster.CreateTopic(topic, partitions);
        Cluster.CreateTopic(Topics.DeadLetterOf(topic), 1);
        return topic;
    }

    /// <summary>A consumer group name nobody else uses.</summary>
    public static string UniqueGroup(string prefix = "group") => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Reads <paramref name="count"/> messages from the start of <paramref name="topic"/> (all partitions).</summary>
    /// <exception cref="TimeoutException">Fewer arrived within <paramref name="timeout"/>; the message says how many did.</exception>
    public Task<IReadOnlyList<ConsumeResult<byte[]?, byte[]?>>> ConsumeAsync(string topic, int count, TimeSpan timeout) =>
        KafkaTestConsumer.ConsumeAsync(BootstrapServers, topic, count, timeout);

    /// <summary>Writes raw bytes (no schema header), e.g. to test how consumers treat malformed messages.</summary>
    public async Task ProduceRawAsync(string topic, string key, byte[]? value, Headers? headers = null)
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = BootstrapServers, Acks = Acks.All }).Build();
        await producer.ProduceAsync(topic, new Message<byte[]?, byte[]?>
        {
            Key = System.Text.Encoding.UTF8.GetBytes(key),
            Value = value,
            Headers = headers ?? [],
        });
    }

    public void Dispose()
    {
        Cluster.Dispose();
        GC.SuppressFinalize(this);
    }
}
