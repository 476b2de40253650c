using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Caching;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Ranking;
using OpenMrs.Serving.Grains.Telemetry;

namespace OpenMrs.Serving.Grains.Recommendations;

/// <summary>
/// A user's ranked list: from the cache when the same (user, model version, state version, count) was ranked
/// before, else through the ranking pipeline and into the cache.
/// </summary>
public sealed class CachedRecommender(
    ICurrentModel currentModel,
    RankingPipeline pipeline,
    IRankedListCache cache,
    ServingMetrics metrics)
{
    /// <param name="profile">Builds the user's profile; called only when the list must be ranked.</param>
    public async Task<RecommendationList> RecommendAsync(string userId, long stateVersion, int count, Func<UserProfile> profile)
    {
        // One read of the holder: the whole request ranks with this one model even if a swap happens meanwhile.
        var model = currentModel.Current;
        if (model is null) return new RecommendationList(userId, null, stateVersion, []);

        var key = new RankedListCacheKey(userId, model.Version, stateVersion, count);
        if (await cache.GetAsync(key) is { } cached)
        {
            metrics.CacheHits.Add(1);
            return cached;
        }

        metrics.CacheMisses.Add(1);
        var items = pipeline.Rank(new RankingContext(profile(), model, count));
        var list = new RecommendationList(userId, model.Version, stateVersion, items);
        await cache.SetAsync(key, list);
        return list;
    }
}
