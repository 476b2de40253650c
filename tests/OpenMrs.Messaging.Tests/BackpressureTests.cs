using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenMrs.Contracts.Events;
using OpenMrs.Messaging.Backpressure;
using OpenMrs.Messaging.Configuration;
using OpenMrs.Messaging.Embedded;
using OpenMrs.Messaging.Tests.Support;
using OpenMrs.Testing;
using OpenMrs.Testing.Kafka;

namespace OpenMrs.Messaging.Tests;

public sealed class BackpressureTests(KafkaClusterFixture kafka) : IClassFixture<KafkaClusterFixture>
{
    [Fact]
    public async Task Publishing_is_refused_while_a_consumer_group_lags_beyond_the_limit_and_admitted_again_once_it_caught_up()
    {
        const int messages = 300;
        const long limitBytes = 8 * 1024;
        var topic = kafka.CreateTopic("backlog", partitions: 1);
        var release = new TaskCompletionSource();
        var handler = new CollectingHandler<ListenEvent>((_, token) => release.Task.WaitAsync(token));
        using var host = await MessagingHost.Build(kafka.BootstrapServers,
            s => s.AddCollectingConsumer(topic, KafkaClusterFixture.UniqueGroup(), handler),
            new() { ["Kafka:Backpressure:MaxLagBytesPerPartition"] = limitBytes.ToString() }).StartedAsync();
        var admission = host.Services.GetRequiredService<BacklogAdmission>();
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        admission.EnsureRoomFor(topic);

        // The consumer is stuck on its first round while the topic fills up behind it.
        await Task.WhenAll(Enumerable.Range(0, messages).Select(i => publisher.PublishAsync(topic, "user-1", SampleEvents.Listen(i, "user-1"))));
        var refusal = await Eventually.WaitForAsync(() => Task.FromResult(Refusal(admission, topic)), r => r is not null, Timeouts.Delivery);

        Assert.NotNull(refusal);
        Assert.Equal(topic, refusal.Topic);
        Assert.True(refusal.Backlog.EstimatedBytes > limitBytes, $"refused at {refusal.Backlog.EstimatedBytes} bytes behind");
        Assert.InRange(refusal.Backlog.Messages, 1, messages);

        release.SetResult();
        await handler.WaitForAsync(messages, Timeouts.Delivery);
        var afterCatchingUp = await Eventually.WaitForAsync(() => Task.FromResult(Refusal(admission, topic)), r => r is null, Timeouts.Delivery);
        Assert.Null(afterCatchingUp);
    }

    [Fact]
    public void The_default_limit_is_half_the_embedded_retention_and_none_against_a_real_cluster()
    {
        using var embedded = new KafkaEndpoint(Options.Create(new KafkaOptions { BootstrapServers = "embedded" }));
        Assert.Equal(EmbeddedKafkaCluster.RetainedBytesPerPartition / 2, Admission(embedded, "embedded", limit: null).LimitBytes);

        using var external = new KafkaEndpoint("127.0.0.1:9092");
        Assert.Equal(0, Admission(external, "127.0.0.1:9092", limit: null).LimitBytes);
        Assert.Equal(1234, Admission(external, "127.0.0.1:9092", limit: 1234).LimitBytes);
    }

    [Fact]
    public void The_backlog_in_bytes_is_the_largest_partition_lag_times_the_observed_message_size()
    {
        var backlog = new ConsumerBacklog();
        Assert.Null(backlog.Largest("listens"));

        backlog.ObserveSizes("listens", messages: 10, bytes: 10 * 176);
        backlog.ReportLag("listens", "serving", partition: 0, lagMessages: 40);
        backlog.ReportLag("listens", "training", partition: 0, lagMessages: 100);
        backlog.ReportLag("listens", "serving", partition: 1, lagMessages: 70);
        backlog.ReportLag("tracks", "features", partition: 0, lagMessages: 5_000);

        var largest = backlog.Largest("listens");
        Assert.NotNull(largest);
        Assert.Equal(100, largest.Value.Messages);
        // 176 bytes of key, value and headers plus the broker's framing of each record.
        Assert.InRange(largest.Value.EstimatedBytes, 100 * 176 + 1, 100 * 176 * 2);

        backlog.Forget("listens", "training", [0]);
        Assert.Equal(70, backlog.Largest("listens")!.Value.Messages);
    }

    private static BacklogAdmission Admission(KafkaEndpoint endpoint, string bootstrap, long? limit) =>
        new(endpoint, Options.Create(new KafkaOptions { BootstrapServers = bootstrap }), Options.Create(new BacklogOptions { MaxLagBytesPerPartition = limit }));

    private static BacklogFullException? Refusal(BacklogAdmission admission, string topic)
    {
        try
        {
            admission.EnsureRoomFor(topic);
            return null;
        }
        catch (BacklogFullException ex)
        {
            return ex;
        }
    }
}
