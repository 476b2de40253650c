using Microsoft.Extensions.DependencyInjection;
using OpenMrs.Contracts.Events;
using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Recommender.Content;
using OpenMrs.Recommender.Numerics;
using OpenMrs.Testing.Planted;
using OpenMrs.Training.Catalog;
using OpenMrs.Training.Cycles;
using OpenMrs.Training.Interactions;

namespace OpenMrs.Training.Tests.Personal;

/// <summary>
/// After a cycle publishes WALS, Training trains content-factors on the tracks that have listens and features (planted:
/// each taste group's tracks carry the group's tag and an embedding near the group's centroid), judges it on held-out
/// tracks against random factors and writes it to the store.
/// </summary>
public sealed class ContentFactorsTrainingTests() : EmbeddedTrainingHostTest(new Dictionary<string, string?>
{
    ["Training:PersonalModels"] = "als",
    ["Training:ContentFactors:Hidden"] = "32",
    ["Training:ContentFactors:MinTracks"] = "20",
    ["Training:ContentFactors:HeldOutFraction"] = "0.2",
})
{
    [Fact]
    public async Task A_cycle_trains_guards_and_publishes_content_factors_from_listens_and_features()
    {
        var stream = new PlantedListenStream(users: 120, listensPerUser: 24);
        var interactions = Host.Services.GetRequiredService<InteractionStore>();
        foreach (var listen in stream.Events) interactions.Apply(listen, partition: 0);
        var catalog = Host.Services.GetRequiredService<TrackCatalog>();
        var features = Host.Services.GetRequiredService<TrackFeatureStore>();
        var centroids = FactorMatrix.Gaussian(stream.Groups, 16, 1, seed: 4);
        var noise = new GaussianRandom(9);
        foreach (var (track, group) in stream.TrackGroup)
        {
            catalog.Upsert(new TrackUpsert(track, $"song {track}", $"artist {track}", Tags: [$"group{group}"]));
            features.Upsert(track, [.. centroids.Row(group).ToArray().Select(v => v + 0.3f * (float)noise.Next())]);
        }

        var reports = await Host.Services.GetRequiredService<TrainingCycle>().RunAsync(CancellationToken.None);

        var content = Assert.Single(reports, r => r.Kind == ContentFactorsModel.Kind);
        Assert.True(content.Published, content.Reason);
        Assert.InRange(content.Interactions, 100, stream.TrackGroup.Count);
        Assert.True(content.Candidate["map@500"] > content.ReferenceMetrics["map@500"]);
        var store = Host.Services.GetRequiredService<IModelStore>();
        var model = ContentFactorsModelFile.Load(store, store.LatestVersion(ContentFactorsModel.Kind)!);
        Assert.Equal((16, 16), (model.AudioDimension, model.Factors));
        Assert.Equal("tfidf", store.ReadManifest(ContentFactorsModel.Kind, content.PublishedVersion!).Provenance!.Hyperparameters["text"]);
    }
}
