using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Messaging;
using OpenMrs.Testing;
using OpenMrs.Testing.Kafka;
using OpenMrs.Testing.Planted;
using OpenMrs.Training.Interactions;

namespace OpenMrs.Training.Tests.Personal;

/// <summary>
/// A Training instance stopped in the middle of the stream and a new one started after it end with exactly the
/// interactions of an uninterrupted run: nothing lost, nothing counted twice (redeliveries included).
/// </summary>
public sealed class RestartReplayTests : IClassFixture<KafkaClusterFixture>
{
    private readonly KafkaClusterFixture _kafka;

    public RestartReplayTests(KafkaClusterFixture kafka)
    {
        _kafka = kafka;
        foreach (var topic in new[] { Topics.Listens, Topics.Tracks, Topics.Models })
        {
            _kafka.Cluster.CreateTopic(topic, 3);
            _kafka.Cluster.CreateTopic(Topics.DeadLetterOf(topic), 1);
        }
    }

    [Fact]
    public async Task A_restart_mid_stream_loses_and_double_counts_nothing()
    {
        var events = new PlantedListenStream(users: 40, listensPerUser: 20, seed: 3).Events;
        var half = events.Count / 2;
        var redeliveredEarly = events.Where((_, i) => i % 17 == 0 && i < half).ToList();
        var redeliveredLate = events.Where((_, i) => i % 17 == 0 && i >= half).ToList();
        var storePath = TrainingHostFactory.TemporaryStore();
        try
        {
            using (var first = TrainingHostFactory.Build(storePath, _kafka.BootstrapServers))
            {
                await first.StartAsync();
                var publisher = first.Services.GetRequiredService<IEventPublisher>();
                await PublishAsync(publisher, events.Take(half));
                await PublishAsync(publisher, redeliveredEarly);
                var store = first.Services.GetRequiredService<InteractionStore>();
                await Eventually.WaitForAsync(() => Task.FromResult(store.Version), v => v >= half);
                Assert.Equal(half, store.Version);
                await PublishAsync(publisher, events.Skip(half));
                await PublishAsync(publisher, redeliveredLate);
                await first.StopAsync();
            }

            using var second = TrainingHostFactory.Build(storePath, _kafka.BootstrapServers);
            await second.StartAsync();
            var replayed = second.Services.GetRequiredService<InteractionStore>();
            await Eventually.WaitForAsync(() => Task.FromResult(replayed.Version), v => v >= events.Count, TimeSpan.FromSeconds(60));
            await Task.Delay(300);

            var uninterrupted = new InteractionStore(TimeSpan.FromDays(365), 1_000_000, 20_000);
            foreach (var listen in events) uninterrupted.Apply(listen, 0);
            Assert.Equal(events.Count, replayed.Version);
            Assert.Equal(Sorted(uninterrupted.Export()), Sorted(replayed.Export()));
            await second.StopAsync();
        }
        finally
        {
            if (Directory.Exists(storePath)) Directory.Delete(storePath, recursive: true);
        }
    }

    private static async Task PublishAsync(IEventPublisher publisher, IEnumerable<ListenEvent> listens)
    {
        foreach (var listen in listens) await publisher.PublishAsync(Topics.Listens, listen.UserId, listen);
    }

    private static List<Interaction> Sorted(IEnumerable<Interaction> interactions) =>
        [.. interactions.OrderBy(i => i.UserId, StringComparer.Ordinal).ThenBy(i => i.TrackId, StringComparer.Ordinal)];
}
