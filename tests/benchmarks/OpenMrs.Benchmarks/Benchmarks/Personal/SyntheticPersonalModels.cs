using OpenMrs.ModelStore.Formats;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Persistence;
using OpenMrs.Training.Cycles;
using OpenMrs.Training.Interactions;

namespace OpenMrs.Benchmarks.Benchmarks.Personal;

/// <summary>
/// The models Training would publish for a <see cref="SyntheticListens"/> stream: the listens go through the
/// interaction store and the cycle's split (all of it), then WALS and RP3β are fitted with the catalogue defaults
/// (WALS with <c>factors</c>) and wrapped as <see cref="TrainedModel"/>s; popularity is the play count per track.
/// </summary>
internal sealed record SyntheticPersonalModels(PopularityModel Popularity, TrainedModel Wals, TrainedModel Neighbours, int Interactions)
{
    public static SyntheticPersonalModels Fit(SyntheticListens listens, int users, int listensPerUser, int factors, CancellationToken cancellationToken)
    {
        var store = new InteractionStore(TimeSpan.FromDays(3650), int.MaxValue, dedupWindowPerPartition: 1_000);
        foreach (var listen in listens.Stream(listensPerUser).Take(users * listensPerUser)) store.Apply(listen, partition: 0);
        var exported = store.Export();
        var data = HoldoutSlice.Create(exported, FeedbackWeights.Default, _ => 180_000, fraction: 0.1).All;

        var wals = ModelCatalog.Create("als", new Dictionary<string, string> { ["factors"] = factors.ToString() });
        wals.Fit(data, cancellationToken: cancellationToken);
        var rp3b = ModelCatalog.Create("rp3b");
        rp3b.Fit(data, cancellationToken: cancellationToken);

        var plays = exported.GroupBy(i => i.TrackId).Select(g => (Track: g.Key, Plays: g.Sum(i => i.Counts.Plays)));
        var popularity = new PopularityModel(plays.Select(p => new PopularTrack(p.Track, p.Plays, ArtistOf(p.Track))));
        return new SyntheticPersonalModels(popularity, Wrap(wals, data), Wrap(rp3b, data), exported.Count);
    }

    /// <summary>Publishes popularity, WALS and RP3β to <paramref name="store"/> and loads each into Serving through <paramref name="loader"/>.</summary>
    public async Task PublishAndLoadAsync(OpenMrs.ModelStore.Store.IModelStore store, OpenMrs.Serving.Grains.Models.ModelLoader loader, CancellationToken cancellationToken)
    {
        var popularity = await PopularityModelFile.PublishAsync(store, Popularity, null, cancellationToken);
        loader.Load(popularity.Kind, popularity.Version);
        foreach (var model in new[] { Wals, Neighbours })
        {
            var manifest = await TrainedModelFile.PublishAsync(store, model, null, null, cancellationToken);
            loader.Load(manifest.Kind, manifest.Version);
        }
    }

    private static TrainedModel Wrap(IRecommender model, InteractionMatrix data) =>
        new(new LoadedModel(model, data.Users, data.Items), FeedbackWeights.Default,
            [.. data.Items.Ids.Select(id => new TrackInfo(180_000, ArtistOf(id)))]);

    private static string ArtistOf(string trackId) => SyntheticListens.ArtistOf(int.Parse(trackId.AsSpan("track-".Length)));
}
