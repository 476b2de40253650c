using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Contracts.Wire;
using OpenMrs.Messaging;
using OpenMrs.Messaging.Configuration;
using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Testing.Kafka;
using OpenMrs.Training.Hosting;

using OpenMrs.Training.Tests.Personal;

namespace OpenMrs.Training.Tests.Service;

/// <summary>The streaming Training service end to end: listens on Kafka in, a popularity model in the store and its announcement out.</summary>
public sealed class TrainingServiceTests() : EmbeddedTrainingHostTest(new Dictionary<string, string?> { ["Training:PublishInterval"] = "00:00:00.200" })
{
    [Fact]
    public async Task Counted_listens_become_a_published_popularity_model_with_the_known_ranking()
    {
        var publisher = Host.Services.GetRequiredService<IEventPublisher>();
        var store = Host.Services.GetRequiredService<IModelStore>();
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        await publisher.PublishAsync(Topics.Tracks, "liked", new TrackUpsert("liked", "Liked song", "The Likers"));

        // Known answer: "liked" = 2 likes (6), "played" = 4 plays (4), "saved" = 1 save (2), "skipped" = 2 skips (-1, left out).
        var listens = new List<ListenEvent>();
        void Add(string track, ListenKind kind, int times)
        {
            for (var i = 0; i < times; i++)
                listens.Add(new ListenEvent(Guid.NewGuid().ToString("N"), $"user-{listens.Count % 5}", track, at, kind));
        }
        Add("liked", ListenKind.Like, 2);
        Add("played", ListenKind.Play, 4);
        Add("saved", ListenKind.Save, 1);
        Add("skipped", ListenKind.Skip, 2);
        foreach (var listen in listens) await publisher.PublishAsync(Topics.Listens, listen.UserId, listen);
        foreach (var listen in listens.Take(3)) await publisher.PublishAsync(Topics.Listens, listen.UserId, listen); // redeliveries

        var model = await WaitForModelAsync(store, m => m.Count == 3 && Math.Abs(m.TopScore - 6) < 1e-6 && m.Tracks[1].Score >= 4 - 1e-6);

        Assert.Equal(["liked", "played", "saved"], model.Tracks.ToArray().Select(t => t.TrackId));
        Assert.Equal([6.0, 4.0, 2.0], model.Tracks.ToArray().Select(t => Math.Round(t.Score, 6)));
        Assert.Equal("The Likers", model.Tracks[0].Artist);

        var latest = store.LatestVersion(PopularityModel.Kind)!;
        var endpoint = Host.Services.GetRequiredService<KafkaEndpoint>();
        var announcements = await KafkaTestConsumer.ConsumeAllAsync(endpoint.BootstrapServers, Topics.Models, TimeSpan.FromSeconds(2));
        var versions = announcements.Select(m => WireFormat.Deserialize<ModelPublished>(m.Message.Value)).ToList();
        Assert.Contains(versions, a => a.Version == latest && a.ModelKind == PopularityModel.Kind && a.Location == $"popularity/{latest}/model.bin");
    }

    private static async Task<PopularityModel> WaitForModelAsync(IModelStore store, Func<PopularityModel, bool> complete)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        PopularityModel? model = null;
        while (DateTime.UtcNow < deadline)
        {
            if (store.LatestVersion(PopularityModel.Kind) is { } version)
            {
                model = PopularityModelFile.Load(store, version);
                if (complete(model)) return model;
            }
            await Task.Delay(100);
        }
        return model ?? PopularityModel.Empty;
    }
}
