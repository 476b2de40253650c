using Confluent.Kafka;
using OpenMrs.Messaging.Configuration;

namespace OpenMrs.Messaging.Tests;

/// <summary>
/// What a real broker needs to keep retried writes out of the log exactly once and in order; the embedded mock
/// broker honours these only for transactional producers, so the settings themselves are checked here.
/// </summary>
public sealed class ProducerConfigurationTests
{
    [Fact]
    public void The_producer_is_idempotent_waits_for_every_replica_and_keeps_order_across_retries()
    {
        var config = KafkaClientConfigs.Producer(new KafkaOptions(), "127.0.0.1:9092");

        Assert.True(config.EnableIdempotence);
        Assert.Equal(Acks.All, config.Acks);
        Assert.InRange(config.MaxInFlight ?? 0, 1, 5);
    }

    [Fact]
    public void Properties_from_configuration_are_applied_last()
    {
        var config = KafkaClientConfigs.Producer(new KafkaOptions { Producer = { ["compression.type"] = "lz4", ["linger.ms"] = "20" } }, "127.0.0.1:9092");

        Assert.Equal(CompressionType.Lz4, config.CompressionType);
        Assert.Equal(20, config.LingerMs);
    }
}
