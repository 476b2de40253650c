using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenMrs.Contracts.Events;
using OpenMrs.Messaging.Configuration;
using OpenMrs.Messaging.Tests.Support;
using OpenMrs.Testing;
using OpenMrs.Testing.Kafka;

namespace OpenMrs.Messaging.Tests;

public sealed class CommitAfterProcessingTests(KafkaClusterFixture kafka) : IClassFixture<KafkaClusterFixture>
{
    [Fact]
    public async Task A_consumer_stopped_mid_batch_loses_nothing_its_successor_in_the_group_resumes()
    {
        const int total = 300;
        const int firstConsumerFinishes = 100;
        var topic = kafka.CreateTopic("resume", partitions: 3);
        var group = KafkaClusterFixture.UniqueGroup();
        // Batches of 50: the first two finish whole, so their offsets are committed however the thread pool
        // schedules the key groups of the third, in which the consumer is stopped.
        var options = new EventConsumerOptions { CommitInterval = TimeSpan.FromMilliseconds(100), MaxBatchSize = 50 };

        using (var publisherHost = MessagingHost.Build(kafka.BootstrapServers))
        {
            var publisher = publisherHost.Services.GetRequiredService<IEventPublisher>();
            await Task.WhenAll(Enumerable.Range(0, total).Select(i => publisher.PublishAsync(topic, $"user-{i % 30}", SampleEvents.Listen(i, $"user-{i % 30}"))));
        }

        // The first consumer completes some messages, then hangs on every other one until it is stopped.
        var started = 0;
        var stuck = new TaskCompletionSource();
        var first = new CollectingHandler<ListenEvent>(async (_, token) =>
        {
            if (Interlocked.Increment(ref started) <= firstConsumerFinishes) return;
            stuck.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
        });
        // The embedded broker lets a successor join only once the departed member's session timed out, even after
        // a clean leave; a short session keeps the test quick.
        var firstHost = await MessagingHost.Build(kafka.BootstrapServers, s => s.AddCollectingConsumer(topic, group, first, options), new() { ["Kafka:Consumer:session.timeout.ms"] = "6000" }).StartedAsync();
        await stuck.Task.WaitAsync(Timeouts.Delivery);
        await Task.Delay(300); // lets periodic commits run while messages are still in flight
        await firstHost.StopAsync();
        firstHost.Dispose();

        var firstSaw = first.Handled.Select(m => m.Value.EventId).ToHashSet();
        Assert.InRange(firstSaw.Count, firstConsumerFinishes, total - 1);

        var second = new CollectingHandler<ListenEvent>();
        using var secondHost = await MessagingHost.Build(kafka.BootstrapServers, s => s.AddCollectingConsumer(topic, group, second, options)).StartedAsync();
        await second.WaitForAsync(total - firstSaw.Count, Timeouts.Delivery);
        var all = await Eventually.WaitForAsync(
            () => Task.FromResult(firstSaw.Union(second.Handled.Select(m => m.Value.EventId)).ToHashSet()), seen => seen.Count == total, Timeouts.Delivery);
        await secondHost.StopAsync();

        Assert.Equal(Enumerable.Range(0, total).Select(i => $"ev-{i}").ToHashSet(), all);
        // The committed position is honoured: the successor does not start the topic over.
        Assert.True(second.Handled.Count <= total - firstConsumerFinishes,
            $"the second consumer re-read {second.Handled.Count} of {total} messages, though the first finished {firstConsumerFinishes} in whole batches");
    }
}
