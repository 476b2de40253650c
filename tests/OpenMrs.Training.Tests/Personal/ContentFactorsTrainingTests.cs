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
/// each taste group's tracks carry the group's tag and an embedding near the group's centroid; every fifth track has no
/// catalog text), judges it on held-out tracks against random factors and writes it to the store, with either architecture.
/// </summary>
public abstract class ContentFactorsTrainingTests(string architecture) : EmbeddedTrainingHostTest(new Dictionary<string, string?>
{
    ["Training:PersonalModels"] = "als",
    ["Training:ContentFactors:Architecture"] = architecture,
    ["Training:ContentFactors:Hidden"] = "32",
    ["Training:ContentFactors:MinTracks"] = "20",
    ["Training:ContentFactors:HeldOutFraction"] = "0.2",
})
{
    protected PlantedListenStream Stream { get; } = new(users: 120, listensPerUser: 24);

    [Fact]
    public async Task A_cycle_trains_guards_and_publishes_content_factors_from_listens_and_features()
    {
        ApplyListens();
        AddPlantedFeatures();

        var reports = await Host.Services.GetRequiredService<TrainingCycle>().RunAsync(CancellationToken.None);

        var content = Assert.Single(reports, r => r.Kind == ContentFactorsModel.Kind);
        Assert.True(content.Published, content.Reason);
        Assert.InRange(content.Interactions, 100, Stream.TrackGroup.Count);
        Assert.True(content.Candidate["map@500"] > content.ReferenceMetrics["map@500"]);
        var store = Host.Services.GetRequiredService<IModelStore>();
        var model = ContentFactorsModelFile.Load(store, store.LatestVersion(ContentFactorsModel.Kind)!);
        Assert.Equal((16, 16), (model.AudioDimension, model.Factors));
        var hyperparameters = store.ReadManifest(ContentFactorsModel.Kind, content.PublishedVersion!).Provenance!.Hyperparameters;
        Assert.Equal(("tfidf", architecture), (hyperparameters["text"], hyperparameters["architecture"]));
        Assert.Equal(architecture, model.Network.Architecture);
    }

    protected void ApplyListens()
    {
        var interactions = Host.Services.GetRequiredService<InteractionStore>();
        foreach (var listen in Stream.Events) interactions.Apply(listen, partition: 0);
    }

    protected void AddPlantedFeatures()
    {
        var catalog = Host.Services.GetRequiredService<TrackCatalog>();
        var features = Host.Services.GetRequiredService<TrackFeatureStore>();
        var centroids = FactorMatrix.Gaussian(Stream.Groups, 16, 1, seed: 4);
        var noise = new GaussianRandom(9);
        var n = 0;
        foreach (var (track, group) in Stream.TrackGroup)
        {
            if (n++ % 5 != 0) catalog.Upsert(new TrackUpsert(track, $"song {track}", $"artist {track}", Tags: [$"group{group}"]));
            features.Upsert(track, [.. centroids.Row(group).ToArray().Select(v => v + 0.3f * (float)noise.Next())]);
        }
    }
}

public sealed class JointContentFactorsTrainingTests() : ContentFactorsTrainingTests("joint")
{
    [Fact]
    public async Task Features_that_arrive_after_the_cycle_train_the_content_model_without_refitting_the_personal_models()
    {
        ApplyListens();
        var cycle = Host.Services.GetRequiredService<TrainingCycle>();
        var first = await cycle.RunAsync(CancellationToken.None);
        Assert.DoesNotContain(first, r => r.Kind == ContentFactorsModel.Kind);
        var features = Host.Services.GetRequiredService<TrackFeatureStore>();

        AddPlantedFeatures();
        Assert.True(features.Version > cycle.LastTrainedFeaturesVersion);
        var reports = await cycle.RunContentAsync(CancellationToken.None);

        var content = Assert.Single(reports, r => r.Kind == ContentFactorsModel.Kind);
        Assert.DoesNotContain(reports, r => r.Kind == "als");
        Assert.True(content.Published, content.Reason);
        Assert.Equal(features.Version, cycle.LastTrainedFeaturesVersion);
        Assert.Single(Host.Services.GetRequiredService<IModelStore>().ListVersions("als"));
    }
}

public sealed class BranchedContentFactorsTrainingTests() : ContentFactorsTrainingTests("branched");
