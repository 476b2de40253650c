using Confluent.Kafka;

namespace OpenMrs.Messaging.Configuration;

/// <summary>librdkafka settings of the producer and consumers; user-supplied properties are applied last.</summary>
public static class KafkaClientConfigs
{
    public static ProducerConfig Producer(KafkaOptions options, string bootstrapServers)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            ClientId = options.ClientId,
            Acks = Acks.All,
            EnableIdempotence = true,
            MaxInFlight = 5,
            LingerMs = options.LingerMs,
            MessageTimeoutMs = options.DeliveryTimeoutMs,
            RetryBackoffMs = 100,
            RetryBackoffMaxMs = 1_000,
            // The delivery report tells partition and offset; nothing else is needed back.
            DeliveryReportFields = "status",
        };
        Apply(config, options.Producer);
        return config;
    }

    public static ConsumerConfig Consumer(KafkaOptions options, string bootstrapServers, string groupId, EventConsumerOptions consumer)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            ClientId = options.ClientId,
            GroupId = groupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = consumer.StartFromEarliest ? AutoOffsetReset.Earliest : AutoOffsetReset.Latest,
            EnablePartitionEof = false,
            FetchWaitMaxMs = 100,
        };
        Apply(config, options.Consumer);
        return config;
    }

    private static void Apply(ClientConfig config, Dictionary<string, string> overrides)
    {
        foreach (var (key, value) in overrides) config.Set(key, value);
    }
}
