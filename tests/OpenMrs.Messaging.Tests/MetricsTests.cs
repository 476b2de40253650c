using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Messaging.Telemetry;
using OpenMrs.Messaging.Tests.Support;
using OpenMrs.Testing.Kafka;

namespace OpenMrs.Messaging.Tests;

public sealed class MetricsTests(KafkaClusterFixture kafka) : IClassFixture<KafkaClusterFixture>
{
    [Fact]
    public async Task Published_consumed_and_dead_lettered_messages_are_counted_per_topic()
    {
        var topic = kafka.CreateTopic("metrics", partitions: 2);
        var totals = new ConcurrentDictionary<string, long>();
        var durations = 0;
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == MessagingTelemetry.Name) listener.EnableMeasurementEvents(instrument);
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (IsFor(tags, topic)) totals.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
        });
        meters.SetMeasurementEventCallback<double>((instrument, _, tags, _) =>
        {
            if (instrument.Name == "openmrs.messaging.handler.duration" && IsFor(tags, topic)) Interlocked.Increment(ref durations);
        });
        meters.Start();

        var handler = new CollectingHandler<ListenEvent>((m, _) =>
            m.Value.EventId == "ev-3" ? throw new PermanentEventFailure("bad") : Task.CompletedTask);
        using var host = await MessagingHost.Build(kafka.BootstrapServers,
            s => s.AddCollectingConsumer(topic, KafkaClusterFixture.UniqueGroup(), handler)).StartedAsync();
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        for (var i = 0; i < 6; i++) await publisher.PublishAsync(topic, $"u{i}", SampleEvents.Listen(i, $"u{i}"));
        await handler.WaitForAsync(5, Timeouts.Delivery);
        await KafkaTestConsumer.ConsumeAsync(kafka.BootstrapServers, Topics.DeadLetterOf(topic), 1, Timeouts.Delivery);
        await host.StopAsync();

        Assert.Equal(6, totals.GetValueOrDefault("openmrs.messaging.published"));
        Assert.Equal(5, totals.GetValueOrDefault("openmrs.messaging.consumed"));
        Assert.Equal(1, totals.GetValueOrDefault("openmrs.messaging.dead_lettered"));
        Assert.Equal(5, durations);
    }

    private static bool IsFor(ReadOnlySpan<KeyValuePair<string, object?>> tags, string topic)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == MessagingAttributes.DestinationName && tag.Value as string == topic) return true;
        }
        return false;
    }
}
