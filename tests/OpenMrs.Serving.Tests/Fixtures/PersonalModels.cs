using OpenMrs.Contracts.Events;
using OpenMrs.ModelStore.Formats;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Persistence;
using OpenMrs.Testing.Planted;

namespace OpenMrs.Serving.Tests.Fixtures;

/// <summary>Trained models fitted on a planted listen stream, as Training would publish them (same weights, same file shape).</summary>
internal static class PersonalModels
{
    private static readonly Lazy<PlantedListenStream> DefaultStream = new(() => new PlantedListenStream(users: 120, listensPerUser: 24));

    public static PlantedListenStream Stream => DefaultStream.Value;

    public static readonly IReadOnlyDictionary<string, string> AlsOptions = new Dictionary<string, string>
    {
        ["factors"] = "16", ["iterations"] = "10", ["regularization"] = "0.1", ["alpha"] = "5",
    };

    /// <summary>Publishes the planted stream's popularity, WALS and RP3β models on <paramref name="host"/> unless it already has a personal model.</summary>
    public static async Task PublishPlantedAsync(ServingHostFixture host)
    {
        if (host.CurrentModel.Current?.Personal is not null) return;
        await host.PublishModelAsync(Popularity());
        await host.PublishTrainedAsync(Trained("als"));
        await host.PublishTrainedAsync(Trained("rp3b"));
        await host.PublishTrainedAsync(Trained("blend"));
    }

    /// <summary>Play counts of the shared planted stream as a popularity model, artists "artist-{group}".</summary>
    public static PopularityModel Popularity() => new(Stream.Events.GroupBy(e => e.TrackId)
        .Select(g => new PopularTrack(g.Key, g.Count(), $"artist-{Stream.TrackGroup[g.Key]}")));

    /// <summary>
    /// A fitted model of <paramref name="kind"/> on <paramref name="stream"/> (default: the shared planted stream),
    /// artists "artist-{group}"; WALS with <see cref="AlsOptions"/> unless <paramref name="options"/> are given;
    /// <paramref name="rename"/> maps every listened track id first (another taste structure over the same tracks).
    /// </summary>
    public static TrainedModel Trained(string kind = "als", PlantedListenStream? stream = null,
        IReadOnlyDictionary<string, string>? options = null, Func<string, string>? rename = null)
    {
        stream ??= Stream;
        var counts = new Dictionary<(string User, string Track), FeedbackCounts>();
        foreach (var listen in stream.Events)
        {
            var track = rename?.Invoke(listen.TrackId) ?? listen.TrackId;
            var c = counts.GetValueOrDefault((listen.UserId, track));
            counts[(listen.UserId, track)] = listen.Kind switch
            {
                ListenKind.Play => c with { Plays = c.Plays + 1 },
                ListenKind.Skip => c with { Skips = c.Skips + 1 },
                ListenKind.Like => c with { Likes = c.Likes + 1 },
                _ => c,
            };
        }
        var weights = FeedbackWeights.Default;
        var positive = counts.Select(kv => (kv.Key.User, kv.Key.Track, Weight: (float)weights.Weight(kv.Value, null))).Where(c => c.Weight > 0).ToList();
        var users = new IdMap(positive.Select(c => c.User).Distinct().Order(StringComparer.Ordinal));
        var items = new IdMap(positive.Select(c => c.Track).Distinct().Order(StringComparer.Ordinal));
        var matrix = CsrMatrix.FromTriplets(users.Count, items.Count,
            positive.Select(c => (users.GetOrAdd(c.User), items.GetOrAdd(c.Track), c.Weight)));
        var model = ModelCatalog.Create(kind, options ?? (kind == "als" ? AlsOptions : null));
        model.Fit(new InteractionMatrix(users, items, matrix));
        var tracks = items.Ids.Select(id => new TrackInfo(180_000, $"artist-{stream.TrackGroup[id]}")).ToList();
        return new TrainedModel(new LoadedModel(model, users, items), weights, tracks);
    }
}
