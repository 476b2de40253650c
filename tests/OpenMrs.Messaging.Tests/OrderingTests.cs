using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenMrs.Contracts.Events;
using OpenMrs.Messaging.Configuration;
using OpenMrs.Messaging.Tests.Support;
using OpenMrs.Testing.Kafka;

namespace OpenMrs.Messaging.Tests;

public sealed class OrderingTests(KafkaClusterFixture kafka) : IClassFixture<KafkaClusterFixture>
{
    [Fact]
    public async Task Events_of_one_key_are_handled_in_order_while_different_keys_run_in_parallel()
    {
        const int users = 40;
        const int perUser = 50;
        var topic = kafka.CreateTopic("ordering", partitions: 3);
        var inFlight = 0;
        var maxInFlight = 0;
        var sequenceByUser = new ConcurrentDictionary<string, ConcurrentQueue<int>>();
        var handler = new CollectingHandler<ListenEvent>(async (m, _) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            await Task.Delay(Random.Shared.Next(0, 2));
            sequenceByUser.GetOrAdd(m.Key, _ => new()).Enqueue(int.Parse(m.Value.EventId["ev-".Length..]));
            Interlocked.Decrement(ref inFlight);
        });
        using var host = await MessagingHost.Build(kafka.BootstrapServers, s => s.AddCollectingConsumer(topic, KafkaClusterFixture.UniqueGroup(), handler,
            new EventConsumerOptions { MaxDegreeOfParallelism = 16 })).StartedAsync();
        var publisher = host.Services.GetRequiredService<IEventPublisher>();

        // Each publish is queued in call order, so a user's events land in the log in index order.
        var writes = new List<Task>();
        for (var i = 0; i < users * perUser; i++) writes.Add(publisher.PublishAsync(topic, $"user-{i % users}", SampleEvents.Listen(i, $"user-{i % users}")));
        await Task.WhenAll(writes);
        await handler.WaitForAsync(users * perUser, Timeouts.Delivery);
        await host.StopAsync();

        Assert.Equal(users, sequenceByUser.Count);
        foreach (var (user, sequence) in sequenceByUser)
        {
            var expected = Enumerable.Range(0, perUser).Select(k => k * users + int.Parse(user["user-".Length..])).ToList();
            Assert.Equal(expected, sequence.ToList());
        }
        Assert.True(maxInFlight > 1, "different keys were never handled concurrently");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
