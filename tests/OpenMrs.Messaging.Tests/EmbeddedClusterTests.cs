using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Messaging.Configuration;
using OpenMrs.Messaging.Embedded;
using OpenMrs.Messaging.Tests.Support;
using OpenMrs.Testing.Kafka;

namespace OpenMrs.Messaging.Tests;

public sealed class EmbeddedClusterTests
{
    [Fact]
    public async Task An_empty_bootstrap_setting_starts_the_embedded_cluster_with_every_standard_topic()
    {
        var handler = new CollectingHandler<ListenEvent>();
        using var host = MessagingHost.Build("", s => s.AddCollectingConsumer(Topics.Listens, "serving", handler));
        var endpoint = host.Services.GetRequiredService<KafkaEndpoint>();
        await host.StartAsync();
        await host.Services.GetRequiredService<IEventPublisher>().PublishAsync(Topics.Listens, "u1", SampleEvents.Listen(1, "u1"));
        await handler.WaitForAsync(1, Timeouts.Delivery);

        Assert.NotNull(endpoint.EmbeddedCluster);
        Assert.Equal(endpoint.EmbeddedCluster.BootstrapServers, endpoint.BootstrapServers);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = endpoint.BootstrapServers }).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        var partitions = metadata.Topics.ToDictionary(t => t.Topic, t => t.Partitions.Count);
        Assert.Equal(3, metadata.Brokers.Count);
        Assert.Equal(12, partitions[Topics.Listens]);
        foreach (var topic in Topics.All)
        {
            Assert.True(partitions.ContainsKey(topic), topic);
            Assert.True(partitions.ContainsKey(Topics.DeadLetterOf(topic)), Topics.DeadLetterOf(topic));
        }
        await host.StopAsync();
    }

    [Fact]
    public void AddEmbeddedKafka_overrides_a_configured_address()
    {
        var services = new ServiceCollection();
        services.AddKafkaMessaging(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = "kafka.example:9092",
            ["Kafka:Embedded:Partitions:listens"] = "4",
        }).Build());
        services.AddEmbeddedKafka(embedded => embedded.Brokers = 1);
        using var provider = services.BuildServiceProvider();

        var cluster = provider.GetRequiredService<KafkaEndpoint>().EmbeddedCluster;

        Assert.NotNull(cluster);
        Assert.Equal(1, cluster.BrokerCount);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        Assert.Equal(4, admin.GetMetadata(Topics.Listens, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Count);
    }

    [Fact]
    public void Invalid_requests_fail_with_typed_errors()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 2);

        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.SetBrokerDown(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.CreateTopic("t", partitions: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddedKafkaCluster.Start(brokerCount: 0));
        cluster.CreateTopic("t", partitions: 2);
        Assert.Throws<EmbeddedKafkaException>(() => cluster.CreateTopic("t", partitions: 2));
        cluster.Dispose();
        Assert.Throws<ObjectDisposedException>(() => cluster.CreateTopic("u", partitions: 1));
    }

    [Fact]
    public async Task Messages_keep_flowing_when_a_partition_leader_moves()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 3);
        cluster.CreateTopic("moving", partitions: 1);
        cluster.SetPartitionLeader("moving", 0, 1);
        using var host = MessagingHost.Build(cluster.BootstrapServers);
        var publisher = host.Services.GetRequiredService<IEventPublisher>();

        for (var i = 0; i < 30; i++)
        {
            if (i == 10) cluster.SetPartitionLeader("moving", 0, 2);
            if (i == 20) cluster.SetPartitionLeader("moving", 0, 3);
            await publisher.PublishAsync("moving", "u", SampleEvents.Listen(i, "u"));
        }

        var log = await KafkaTestConsumer.ConsumeAsync(cluster.BootstrapServers, "moving", 30, Timeouts.Delivery);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), log.Select(m => m.Offset.Value));
    }

    [Fact]
    public async Task A_write_the_broker_never_acknowledges_fails_with_PublishException()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 1);
        cluster.CreateTopic("unreachable", partitions: 1);
        using var host = MessagingHost.Build(cluster.BootstrapServers, settings: new() { ["Kafka:DeliveryTimeoutMs"] = "1500" });
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        await publisher.PublishAsync("unreachable", "u", SampleEvents.Listen(1, "u"));

        cluster.SetBrokerDown(1);
        var error = await Assert.ThrowsAsync<PublishException>(() => publisher.PublishAsync("unreachable", "u", SampleEvents.Listen(2, "u")));
        Assert.Contains("'unreachable'", error.Message);
        cluster.SetBrokerUp(1);
    }

    [Fact]
    public async Task Bad_arguments_to_publish_fail_before_anything_is_sent()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 1);
        using var host = MessagingHost.Build(cluster.BootstrapServers);
        var publisher = host.Services.GetRequiredService<IEventPublisher>();

        await Assert.ThrowsAsync<ArgumentException>(() => publisher.PublishAsync(" ", "k", SampleEvents.Listen(1)));
        await Assert.ThrowsAsync<ArgumentNullException>(() => publisher.PublishAsync<ListenEvent>("t", "k", null!));
        await Assert.ThrowsAsync<ArgumentException>(() => publisher.PublishAsync("t", "k", SampleEvents.Listen(1) with { Kind = (ListenKind)42 }));
    }
}
