using Confluent.Kafka;

namespace OpenMrs.Testing.Kafka;

/// <summary>Reads messages straight from a topic, for assertions, without any consumer group.</summary>
public static class KafkaTestConsumer
{
    /// <exception cref="TimeoutException">Fewer than <paramref name="count"/> messages arrived within <paramref name="timeout"/>.</exception>
    public static Task<IReadOnlyList<ConsumeResult<byte[]?, byte[]?>>> ConsumeAsync(
        string bootstrapServers, string topic, int count, TimeSpan timeout) =>
        Task.Run(() => Consume(bootstrapServers, topic, count, timeout));

    /// <summary>Reads whatever arrives within <paramref name="window"/>; for checking that nothing (more) was written.</summary>
    public static Task<IReadOnlyList<ConsumeResult<byte[]?, byte[]?>>> ConsumeAllAsync(string bootstrapServers, string topic, TimeSpan window) =>
        Task.Run(() => Consume(bootstrapServers, topic, int.MaxValue, window, throwOnTimeout: false));

    private static IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> Consume(
        string bootstrapServers, string topic, int count, TimeSpan timeout, bool throwOnTimeout = true)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "test-reader-" + Guid.NewGuid().ToString("N"), // required by the client even with manual assignment
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 50,
        };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        consumer.Assign(Partitions(bootstrapServers, topic).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var messages = new List<ConsumeResult<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow + timeout;
        while (messages.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) break;
            if (consumer.Consume(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200)) is { } message)
            {
                messages.Add(message);
            }
        }
        consumer.Close();
        if (throwOnTimeout && messages.Count < count)
        {
            throw new TimeoutException($"only {messages.Count} of {count} messages arrived on '{topic}' within {timeout}");
        }
        return messages;
    }

    private static IEnumerable<int> Partitions(string bootstrapServers, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
        var partitions = metadata.Topics.SingleOrDefault(t => t.Topic == topic)?.Partitions;
        if (partitions is null || partitions.Count == 0)
        {
            throw new InvalidOperationException($"topic '{topic}' has no partitions (does it exist?)");
        }
        return partitions.Select(p => p.PartitionId).ToList();
    }
}
