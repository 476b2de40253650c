using Microsoft.Extensions.DependencyInjection;
using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Contracts.Wire;
using OpenMrs.Messaging;
using OpenMrs.Messaging.Configuration;
using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Recommender.Sequences;
using OpenMrs.Testing;
using OpenMrs.Testing.Kafka;
using OpenMrs.Training.Catalog;
using OpenMrs.Training.Cycles;
using OpenMrs.Training.Tests.Personal;
using Xunit.Abstractions;

namespace OpenMrs.Training.Tests.Sequences;

/// <summary>
/// Planted-drift sessions and their track features consumed from embedded Kafka: the cycle cuts the listens back
/// into the planted sessions, trains the sequence model, which beats repeating the last track on validation, and
/// publishes and announces <c>sequence</c>.
/// </summary>
public sealed class SequenceTrainingTests(ITestOutputHelper output) : EmbeddedTrainingHostTest(new Dictionary<string, string?>
{
    ["Training:PersonalModels"] = "rp3b",
    ["Training:ContentFactors:Enabled"] = "false",
    ["Training:RetrainAfterEvents"] = Planted.Listens.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ["Training:Sequence:MaxEpochs"] = "60",
    ["Training:Sequence:Patience"] = "6",
    ["Training:Sequence:ListensPerUser"] = "200",
})
{
    private static readonly PlantedSessions Planted = new(sessions: 240, seed: 21);

    [Fact]
    public async Task Listens_and_track_features_from_kafka_train_and_publish_a_sequence_model_that_beats_repeat_last()
    {
        var publisher = Host.Services.GetRequiredService<IEventPublisher>();
        await publisher.PublishAllAsync(Topics.TrackFeatures, Planted.Features, f => f.TrackId);
        var store = Host.Services.GetRequiredService<TrackFeatureStore>();
        await Eventually.WaitForAsync(() => Task.FromResult(store.DescribedCount), n => n == Planted.Features.Count, TimeSpan.FromSeconds(60));
        await publisher.PublishAllAsync(Topics.Listens, Planted.Listens, l => l.UserId);

        var models = Host.Services.GetRequiredService<IModelStore>();
        var cycle = Host.Services.GetRequiredService<TrainingCycle>();
        // The report is kept after the version is written and announced, so it is what to wait for.
        var report = await Eventually.WaitForAsync(() => Task.FromResult(cycle.Reports.SingleOrDefault(r => r.Kind == SequenceModel.Kind)),
            r => r is not null, TimeSpan.FromSeconds(120));
        Assert.True(report!.Published, report.Reason);
        var version = report.PublishedVersion!;
        Assert.Equal(version, models.LatestVersion(SequenceModel.Kind));
        var metrics = models.ReadManifest(SequenceModel.Kind, version).Metrics!;
        output.WriteLine(string.Join(", ", metrics.Select(m => $"{m.Key} {m.Value:G4}")) + $"; fit {report.FitSeconds:F1} s");
        Assert.Equal(Planted.Sessions, metrics["sessions"]);
        Assert.Equal(Planted.Features.Count, metrics["tracks"]);
        Assert.Equal(PlantedSessions.EmbeddingDimensions, metrics["embeddingDimensions"]);
        Assert.True(metrics["validation_mae"] < 0.9 * metrics["repeat_last_mae"],
            $"validation MAE {metrics["validation_mae"]:F4} against repeat-last's {metrics["repeat_last_mae"]:F4}");

        // the drift is learned: after 90, 96, 102 BPM the predicted tempo lies above the last track's
        var model = SequenceModelFile.Load(models, version);
        var prefix = new[] { 0, 7, 2 }.Select((key, t) => model.Scaler.Transform(
            SequenceFeatures.Raw(90 + 6 * t, key, 1, 0.5, -18, 2000, 4000, 0.2, 0.05, 2, [], PlantedSessions.EmbeddingDimensions))).ToList();
        Assert.InRange(model.Scaler.InverseTransform(model.PredictNext(prefix)!)[0], 104, 114);

        var endpoint = Host.Services.GetRequiredService<KafkaEndpoint>();
        var announcements = await KafkaTestConsumer.ConsumeAllAsync(endpoint.BootstrapServers, Topics.Models, TimeSpan.FromSeconds(2));
        Assert.Contains(announcements.Select(m => WireFormat.Deserialize<ModelPublished>(m.Message.Value)),
            a => a.ModelKind == SequenceModel.Kind && a.Version == version);
    }
}
