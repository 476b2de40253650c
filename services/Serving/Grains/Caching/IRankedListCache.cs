using OpenMrs.Serving.GrainInterfaces.Users;

namespace OpenMrs.Serving.Grains.Caching;

/// <summary>
/// Final ranked lists with a TTL. Best effort: an implementation never throws for an unavailable backend; a
/// failed read is a miss and a failed write is dropped, so ranking still answers.
/// </summary>
public interface IRankedListCache
{
    /// <param name="thisSiloOnly">
    /// True when no other silo can have written <paramref name="key"/> (the user's state version was reached on this
    /// silo's activation and nothing was asked at it yet): only what this silo holds is read, no round trip.
    /// </param>
    Task<RecommendationList?> GetAsync(RankedListCacheKey key, bool thisSiloOnly = false, CancellationToken cancellationToken = default);

    Task SetAsync(RankedListCacheKey key, RecommendationList list, CancellationToken cancellationToken = default);
}
