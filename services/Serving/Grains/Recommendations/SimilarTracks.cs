using OpenMrs.Recommender.Numerics;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Content;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Ranking.Candidates.FactorSearch;

namespace OpenMrs.Serving.Grains.Recommendations;

/// <summary>How similar tracks are found.</summary>
public enum SimilarityBasis
{
    /// <summary>Cosine of the personal (WALS) item factors: listened to by the same people.</summary>
    Cf,
    /// <summary>Cosine of the audio embeddings: sounds alike.</summary>
    Audio,
    /// <summary>The mean of both cosines where a track has both, else the one it has.</summary>
    Blend,
}

/// <summary>Tracks similar to a track, with the versions they came from.</summary>
/// <param name="ModelVersion">The serving model version used, or null when no model is loaded.</param>
public sealed record SimilarTracksList(string TrackId, string By, string? ModelVersion, IReadOnlyList<RecommendedItem> Items);

/// <summary>
/// <c>GET /v1/tracks/{id}/similar</c>: exact cosine top-k over the personal model's item factors
/// (<see cref="CosineFactorIndex"/>, built once per model by <see cref="FactorIndexCache"/>) and over the audio embeddings
/// (<see cref="AudioNeighbourIndex"/>). A blend takes each basis' <see cref="BlendPool"/> nearest and scores every one
/// of them on both bases (the mean of the two cosines where a track has both), so a shorter list is a prefix of a
/// longer one. A track neither source knows is unknown.
/// </summary>
public sealed class SimilarTracks(ICurrentModel models, TrackEmbeddings embeddings, AudioNeighbourIndex audio, FactorIndexCache indexes)
{
    /// <summary>Tracks each basis proposes for a blend (more when a request asks for more): the largest count a request may ask by default.</summary>
    public const int BlendPool = 200;

    /// <returns>The list, or null when the track is unknown to the chosen basis.</returns>
    public SimilarTracksList? Find(string trackId, int count, SimilarityBasis by)
    {
        var model = models.Current;
        var factors = by != SimilarityBasis.Audio && model?.Personal is { } personal && personal.Model.Factors is not null
            && personal.Model.Items.TryGetIndex(trackId, out var item) ? (Part: personal, Item: item) : default;
        var sound = by != SimilarityBasis.Cf ? embeddings.Find(trackId) : null;
        if (factors.Part is null && sound is null) return null;
        var proposed = by == SimilarityBasis.Blend ? Math.Max(count, BlendPool) : count;
        var tracks = new HashSet<string>(StringComparer.Ordinal);
        if (factors.Part is { } part)
            foreach (var top in indexes.CosineFor(part).Nearest(factors.Item, proposed)) tracks.Add(part.Model.Items[top.Item]);
        if (sound is not null)
            foreach (var (other, _) in audio.Nearest(trackId, proposed)) tracks.Add(other);
        var reason = by switch
        {
            SimilarityBasis.Cf => $"listened to by the same people as {trackId}",
            SimilarityBasis.Audio => $"similar in sound to {trackId}",
            _ => $"similar to {trackId}",
        };
        var items = tracks.Select(other => new RecommendedItem(other, Score(other), reason))
            .OrderByDescending(i => i.Score).ThenBy(i => i.TrackId, StringComparer.Ordinal).Take(count).ToList();
        return new SimilarTracksList(trackId, by.ToString().ToLowerInvariant(), model?.Version, items);

        // The mean of the cosines the chosen bases have for the track (one of them when it lacks the other).
        double Score(string other)
        {
            double sum = 0;
            var parts = 0;
            if (factors.Part is { } part && part.Model.Items.TryGetIndex(other, out var otherItem) && part.FactorCosine(factors.Item, otherItem) is { } cf)
                (sum, parts) = (sum + cf, parts + 1);
            if (sound is not null && embeddings.Find(other) is { Length: var length } vector && length == sound.Length)
                (sum, parts) = (sum + VectorOps.Dot(sound, vector), parts + 1);
            return parts == 0 ? 0 : sum / parts;
        }
    }
}
