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
        Assert.Contains("behind on one partition", refusal.Message);
        var backlog = host.Services.GetRequiredService<KafkaEndpoint>().Backlog.Largest(topic);
        Assert.NotNull(backlog);
        Assert.True(backlog.EstimatedBytes > limitBytes, $"refused at {backlog.EstimatedBytes} bytes behind");
        Assert.InRange(backlog.Messages, 1, messages);

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
        Assert.Equal(100, largest.Messages);
        // 176 bytes of key, value and headers plus the broker's framing of each record.
        Assert.InRange(largest.EstimatedBytes, 100 * 176 + 1, 100 * 176 * 2);

        backlog.Forget("listens", "training", [0]);
        Assert.Equal(70, backlog.Largest("listens")!.Messages);
    }

    [Fact]
    public void A_report_ages_until_the_next_and_a_failed_consumer_is_stalled_until_it_reports_again()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var backlog = new ConsumerBacklog(clock);
        backlog.ReportLag("listens", "serving", partition: 0, lagMessages: 5);
        clock.Advance(TimeSpan.FromSeconds(3));
        backlog.ReportLag("listens", "serving", partition: 1, lagMessages: 5);
        Assert.Equal(TimeSpan.FromSeconds(3), backlog.Largest("listens")!.OldestReport);

        backlog.Stalled("listens", "serving");
        Assert.Equal(["serving"], backlog.Largest("listens")!.StalledGroups);

        backlog.ReportLag("listens", "serving", partition: 0, lagMessages: 0);
        Assert.Empty(backlog.Largest("listens")!.StalledGroups);
        Assert.Equal(TimeSpan.Zero, backlog.Largest("listens")!.OldestReport);
    }

    [Fact]
    public async Task Publishing_is_refused_while_a_consumer_is_stalled_or_silent_and_admitted_once_it_reports()
    {
        using var endpoint = new KafkaEndpoint("127.0.0.1:9092");
        var admission = new BacklogAdmission(endpoint, Options.Create(new KafkaOptions { BootstrapServers = "127.0.0.1:9092" }),
            Options.Create(new BacklogOptions { MaxLagBytesPerPartition = 1024 * 1024, StaleAfter = TimeSpan.FromSeconds(1) }));
        endpoint.Backlog.ReportLag("listens", "serving", partition: 0, lagMessages: 0);
        admission.EnsureRoomFor("listens");

        endpoint.Backlog.Stalled("listens", "serving");
        Assert.Contains("failed and is restarting", Assert.Throws<BacklogFullException>(() => admission.EnsureRoomFor("listens")).Message);
        endpoint.Backlog.ReportLag("listens", "serving", partition: 0, lagMessages: 0);
        admission.EnsureRoomFor("listens");

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Contains("has not reported", Assert.Throws<BacklogFullException>(() => admission.EnsureRoomFor("listens")).Message);
        endpoint.Backlog.ReportLag("listens", "serving", partition: 0, lagMessages: 0);
        admission.EnsureRoomFor("listens");
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
