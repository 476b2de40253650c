using Microsoft.Extensions.DependencyInjection;
using OpenMrs.ModelStore.Store;
using OpenMrs.Recommender.Sequences;
using OpenMrs.Training.Catalog;
using OpenMrs.Training.Cycles;
using OpenMrs.Training.Interactions;
using OpenMrs.Training.Sessions;
using OpenMrs.Training.Tests.Personal;

namespace OpenMrs.Training.Tests.Sequences;

/// <summary>Without descriptors, or with too few sessions, the cycle completes, publishes no sequence model and says why.</summary>
public sealed class SequenceDegenerateTests() : EmbeddedTrainingHostTest(new Dictionary<string, string?>
{
    ["Training:PersonalModels"] = "rp3b",
    ["Training:ContentFactors:Enabled"] = "false",
    ["Training:Sequence:MinSessions"] = "20",
})
{
    [Fact]
    public async Task Sessions_without_descriptors_and_then_too_few_described_sessions_publish_nothing()
    {
        var planted = new PlantedSessions(sessions: 40, seed: 5);
        var interactions = Host.Services.GetRequiredService<InteractionStore>();
        var log = Host.Services.GetRequiredService<ListenLog>();
        foreach (var listen in planted.Listens)
            if (interactions.Apply(listen, partition: 0)) log.Record(listen);
        var cycle = Host.Services.GetRequiredService<TrainingCycle>();

        var withoutFeatures = Assert.Single(await cycle.RunAsync(CancellationToken.None), r => r.Kind == SequenceModel.Kind);

        Assert.False(withoutFeatures.Published);
        Assert.Equal("refused: 0 of 40 sessions have 3 or more tracks with descriptors (track-features), 20 needed", withoutFeatures.Reason);

        // descriptors for the tracks of 10 sessions only
        var features = Host.Services.GetRequiredService<TrackFeatureStore>();
        var described = planted.Features.Where(f => int.Parse(f.TrackId[1..5], System.Globalization.CultureInfo.InvariantCulture) < 10).ToList();
        foreach (var f in described) features.Upsert(f);

        var tooFew = Assert.Single(await cycle.RunAsync(CancellationToken.None), r => r.Kind == SequenceModel.Kind);

        Assert.False(tooFew.Published);
        Assert.Equal("refused: 10 of 40 sessions have 3 or more tracks with descriptors (track-features), 20 needed", tooFew.Reason);
        Assert.Null(Host.Services.GetRequiredService<IModelStore>().LatestVersion(SequenceModel.Kind));
        Assert.Equal(2, cycle.Cycles);
    }
}
