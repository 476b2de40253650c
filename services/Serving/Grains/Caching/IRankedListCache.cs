using OpenMrs.Serving.GrainInterfaces.Users;

namespace OpenMrs.Serving.Grains.Caching;

/// <summary>
/// Final ranked lists with a TTL. Best effort: an implementation never throws for an unavailable backend; a
/// failed read is a miss and a failed write is dropped, so ranking still answers.
/// </summary>
public interface IRankedListCache
{
    /// <summary>The list cached under <paramref name="key"/>; null when absent, expired or the backend failed.</summary>
    /// <param name="thisSiloOnly">
    /// True when no other silo is expected to hold <paramref name="key"/> (see <see cref="ListsAskedHere"/>: the user's
    /// state version was reached on this silo's activation and this key was not asked at it yet): only what this silo
    /// holds is read, no round trip.
    /// </param>
    Task<RecommendationList?> GetAsync(RankedListCacheKey key, bool thisSiloOnly = false, CancellationToken cancellationToken = default);

    /// <summary>Caches <paramref name="list"/> under <paramref name="key"/> with the configured TTL; a failed write is dropped.</summary>
    Task SetAsync(RankedListCacheKey key, RecommendationList list, CancellationToken cancellationToken = default);
}
