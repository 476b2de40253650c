using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenMrs.Contracts.Events;
using OpenMrs.Contracts.Wire;
using OpenMrs.Features.Embedding;
using OpenMrs.Features.Training;
using OpenMrs.Messaging;
using OpenMrs.Testing.Kafka;

namespace OpenMrs.Features.Tests;

/// <summary>
/// On the embedded Kafka cluster: a CNN trained by the periodic job and announced on <c>models</c> is loaded by the running service,
/// which says so on its status and health, and re-publishes the features of every track it has seen with the new
/// weights' version while it keeps extracting.
/// </summary>
[Collection(FeaturesTestHost.Collection)]
public sealed class AudioModelSwapTests(KafkaClusterFixture kafka) : IClassFixture<KafkaClusterFixture>, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);
    private readonly string _dir = Directory.CreateTempSubdirectory("openmrs-features-swap-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task An_announced_audio_cnn_is_swapped_in_and_the_known_catalogue_is_re_embedded_with_its_version()
    {
        var catalogue = await PlantedCatalogue.CreateAsync(_dir, tracks: 8);
        var input = kafka.CreateTopic("tracks");
        var output = kafka.CreateTopic("track-features");
        using var host = FeaturesTestHost.Build(kafka, input, output, catalogue.StorePath, new Dictionary<string, string?>
        {
            ["Features:MaxBatchWaitMs"] = "50",
            ["Features:TrainMelBands"] = $"{PlantedCatalogue.MelBands}",
            ["Features:TrainFrames"] = $"{PlantedCatalogue.Frames}",
            ["Features:TrainEpochs"] = "2",
        });
        await host.StartAsync();
        try
        {
            var provider = host.Services.GetRequiredService<FeatureExtractorProvider>();
            var health = host.Services.GetRequiredService<AudioModelStatus>();
            Assert.False(provider.Current.Trained);
            var initial = await health.CheckHealthAsync(new HealthCheckContext());
            Assert.Equal((HealthStatus.Healthy, false), (initial.Status, (bool)initial.Data["trained"]));
            Assert.Contains("untrained", initial.Description);

            var publisher = host.Services.GetRequiredService<IEventPublisher>();
            var seen = catalogue.Audio.Keys.Take(4).ToArray();
            foreach (var id in seen) await publisher.PublishAsync(input, id, new TrackUpsert(id, id, "artist", AudioUri: catalogue.Audio[id]));
            var first = (await kafka.ConsumeAsync(output, 4, Wait)).Select(m => WireFormat.Deserialize<TrackFeatures>(m.Message.Value)).ToList();
            Assert.All(first, f => Assert.Contains("random-seed", f.EmbeddingModelVersion));

            // The periodic job's round: trains on the tracks the service has seen, publishes and announces.
            var training = host.Services.GetRequiredService<PeriodicCnnTraining>();
            var outcome = await training.RunOnceAsync();
            Assert.NotNull(outcome);
            Assert.Equal((4, catalogue.AlsVersion), (outcome.Tracks, outcome.AlsVersion));
            Assert.Null(await training.RunOnceAsync()); // the newest audio-cnn already learned from the newest als

            // The seen tracks come back with the new weights' version; an unseen track published now gets it too.
            var extra = catalogue.Audio.Keys.Last();
            await kafka.ConsumeAsync(output, 8, Wait);
            await publisher.PublishAsync(input, extra, new TrackUpsert(extra, extra, "artist", AudioUri: catalogue.Audio[extra]));
            var all = (await kafka.ConsumeAsync(output, 9, Wait)).Select(m => WireFormat.Deserialize<TrackFeatures>(m.Message.Value)).ToList();
            var reembedded = all.Where(f => f.EmbeddingModelVersion == outcome.WeightsVersion).ToList();
            Assert.Equal(4, all.Count(f => f.EmbeddingModelVersion!.Contains("random-seed")));
            Assert.Equal([.. seen.Append(extra).Order()], reembedded.Select(f => f.TrackId).Order());
            Assert.All(reembedded, f => Assert.Equal(provider.Current.Embedder.EmbeddingDimension, f.Embedding.Length));

            Assert.Equal(outcome.Manifest.Version, provider.Current.StoreVersion);
            Assert.True(provider.Current.Trained);
            var healthy = await health.CheckHealthAsync(new HealthCheckContext());
            Assert.Equal((HealthStatus.Healthy, true), (healthy.Status, (bool)healthy.Data["trained"]));
            Assert.Contains(outcome.WeightsVersion, healthy.Description);
            await host.Services.GetRequiredService<CatalogueReembedder>().Running;
            Assert.Equal(4, host.Services.GetRequiredService<CatalogueReembedder>().Reembedded);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
