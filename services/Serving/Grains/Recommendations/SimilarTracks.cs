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
/// (<see cref="AudioNeighbourIndex"/>). A track neither source
/// knows is unknown.
/// </summary>
public sealed class SimilarTracks(ICurrentModel models, TrackEmbeddings embeddings, AudioNeighbourIndex audio, FactorIndexCache indexes)
{
    /// <returns>The list, or null when the track is unknown to the chosen basis.</returns>
    public SimilarTracksList? Find(string trackId, int count, SimilarityBasis by)
    {
        var model = models.Current;
        var scores = new Dictionary<string, (double Sum, int Parts)>(StringComparer.Ordinal);
        var known = false;
        if (by != SimilarityBasis.Audio && model?.Personal is { } personal && personal.Model.Factors is not null && personal.Model.Items.TryGetIndex(trackId, out var item))
        {
            known = true;
            foreach (var top in indexes.CosineFor(personal).Nearest(item, count * 2))
                scores[personal.Model.Items[top.Item]] = (top.Score, 1);
        }
        if (by != SimilarityBasis.Cf && embeddings.Contains(trackId))
        {
            known = true;
            foreach (var (other, cosine) in audio.Nearest(trackId, count * 2))
                scores[other] = scores.TryGetValue(other, out var cf) ? (cf.Sum + cosine, cf.Parts + 1) : (cosine, 1);
        }
        if (!known) return null;
        var reason = by switch
        {
            SimilarityBasis.Cf => $"listened to by the same people as {trackId}",
            SimilarityBasis.Audio => $"similar in sound to {trackId}",
            _ => $"similar to {trackId}",
        };
        var items = scores.Select(kv => new RecommendedItem(kv.Key, kv.Value.Sum / kv.Value.Parts, reason))
            .OrderByDescending(i => i.Score).ThenBy(i => i.TrackId, StringComparer.Ordinal).Take(count).ToList();
        return new SimilarTracksList(trackId, by.ToString().ToLowerInvariant(), model?.Version, items);
    }
}
