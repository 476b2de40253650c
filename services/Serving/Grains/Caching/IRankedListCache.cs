using OpenMrs.Serving.GrainInterfaces.Users;

namespace OpenMrs.Serving.Grains.Caching;

/// <summary>
/// Final ranked lists with a TTL. Best effort: an implementation never throws for an unavailable backend; a
/// failed read is a miss and a failed write is dropped, so ranking still answers.
/// </summary>
public interface IRankedListCache
{
    Task<RecommendationList?> GetAsync(RankedListCacheKey key, CancellationToken cancellationToken = default);

    Task SetAsync(RankedListCacheKey key, RecommendationList list, CancellationToken cancellationToken = default);
}
