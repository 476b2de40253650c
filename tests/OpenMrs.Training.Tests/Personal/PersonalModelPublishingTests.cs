using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Contracts.Wire;
using OpenMrs.Messaging;
using OpenMrs.Messaging.Configuration;
using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Recommender.Models.Als;
using OpenMrs.Testing;
using OpenMrs.Testing.Kafka;
using OpenMrs.Testing.Planted;
using OpenMrs.Training.Cycles;

namespace OpenMrs.Training.Tests.Personal;

/// <summary>Planted tastes streamed through embedded Kafka become a published, announced WALS model that beats popularity.</summary>
public sealed class PersonalModelPublishingTests() : EmbeddedTrainingHostTest(new Dictionary<string, string?> { ["Training:RetrainAfterEvents"] = "3000" })
{
    [Fact]
    public async Task A_planted_stream_publishes_and_announces_a_wals_model_whose_held_out_ndcg_beats_popularity()
    {
        var stream = new PlantedListenStream(users: 150, listensPerUser: 24);
        var publisher = Host.Services.GetRequiredService<IEventPublisher>();
        foreach (var listen in stream.Events) await publisher.PublishAsync(Topics.Listens, listen.UserId, listen);

        var store = Host.Services.GetRequiredService<IModelStore>();
        var version = await Eventually.WaitForAsync(() => Task.FromResult(store.LatestVersion(ImplicitAlsModel.KindName)), v => v is not null, TimeSpan.FromSeconds(90));
        Assert.NotNull(version);
        var manifest = store.ReadManifest(ImplicitAlsModel.KindName, version);
        Assert.True(manifest.Metrics!["ndcg@10"] > manifest.Metrics["popularity.ndcg@10"],
            $"WALS NDCG@10 {manifest.Metrics["ndcg@10"]:F3} vs popularity {manifest.Metrics["popularity.ndcg@10"]:F3}");
        Assert.Equal("als", manifest.Provenance!.Algorithm);
        Assert.Equal("16", manifest.Provenance.Hyperparameters["factors"]);
        Assert.True(manifest.Provenance.EventCount >= 3000);

        var model = TrainedModelFile.Load(store, ImplicitAlsModel.KindName, version);
        Assert.NotNull(model.Factors);
        Assert.Equal(150, model.Users.Count);

        var endpoint = Host.Services.GetRequiredService<KafkaEndpoint>();
        var announcements = await KafkaTestConsumer.ConsumeAllAsync(endpoint.BootstrapServers, Topics.Models, TimeSpan.FromSeconds(2));
        Assert.Contains(announcements.Select(m => WireFormat.Deserialize<ModelPublished>(m.Message.Value)),
            a => a.ModelKind == ImplicitAlsModel.KindName && a.Version == version && a.Location == manifest.Location);

        var report = Host.Services.GetRequiredService<TrainingCycle>().Reports.Single(r => r.Kind == ImplicitAlsModel.KindName);
        Assert.True(report.Published, report.Reason);
    }
}
