using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Caching;
using OpenMrs.Serving.Grains.Experiments;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Ranking;
using OpenMrs.Serving.Grains.Telemetry;

namespace OpenMrs.Serving.Grains.Recommendations;

/// <summary>
/// A user's ranked list: from the cache when the same (user, model version, state version, request, variant) was
/// ranked before, else through the ranking pipeline and into the cache. The profile and pipeline run when the
/// <see cref="RankingGate"/> admits them (<see cref="RankingCapacityException"/> when its queue is full). Concurrent
/// misses for one key share one computation (single flight), so a burst of requests ranks once. A variant that pins model versions ranks with
/// them (<see cref="VariantModels"/>); the list's model version, the <c>recommend</c> span's tags and the metric's
/// tags name the variant and the model version really used.
/// </summary>
public sealed class CachedRecommender(
    ICurrentModel currentModel,
    RankingPipeline pipeline,
    RankingGate gate,
    IRankedListCache cache,
    ServingMetrics metrics,
    IOptions<ServingOptions> options,
    VariantModels? variantModels = null)
{
    private readonly ConcurrentDictionary<RankedListCacheKey, Lazy<Task<RecommendationList>>> _inFlight = new();

    /// <param name="profile">Builds the user's profile against the model ranked with; called only when the list must be ranked.</param>
    /// <param name="listsAskedHere">The user's grain's record of lists asked at this state version; a key asked first there
    /// is read from this silo's cache only (<see cref="IRankedListCache.GetAsync"/>'s thisSiloOnly). Null: always read the whole cache.</param>
    public async Task<RecommendationList> RecommendAsync(
        string userId, long stateVersion, RecommendationRequest request, double diversity, VariantOptions? arm, Func<ServingModel, UserProfile> profile,
        ListsAskedHere? listsAskedHere = null)
    {
        var variant = arm?.Name;
        // One read of the holder: the whole request ranks with this one model even if a swap happens meanwhile.
        var model = variantModels is null ? currentModel.Current : variantModels.For(arm);
        using var span = RankingPipeline.Activities.StartActivity("recommend");
        span?.SetTag("openmrs.variant", variant ?? "none");
        span?.SetTag("openmrs.model_version", model?.Version ?? RankedListCacheKey.NoModel);
        if (model is null) return new RecommendationList(userId, null, stateVersion, [], variant);

        var exclude = request.Exclude is { Count: > 0 } ids ? ids.ToHashSet(StringComparer.Ordinal) : null;
        var key = new RankedListCacheKey(userId, model.CacheVersion, stateVersion, request.Count, variant, diversity, exclude);
        var stateNewHere = listsAskedHere?.FirstAskHere(key) == true;
        Lazy<Task<RecommendationList>>? mine = null;
        var flight = _inFlight.GetOrAdd(key, _ => mine = new Lazy<Task<RecommendationList>>(
            () => ComputeAsync(key, model, request.Count, diversity, exclude, arm, profile, stateNewHere)));
        if (!ReferenceEquals(flight, mine)) return await flight.Value;
        try
        {
            return await flight.Value;
        }
        finally
        {
            _inFlight.TryRemove(KeyValuePair.Create(key, flight));
        }
    }

    /// <summary>Computations under way, for tests of the single flight.</summary>
    public int InFlight => _inFlight.Count;

    private async Task<RecommendationList> ComputeAsync(
        RankedListCacheKey key, ServingModel model, int count, double diversity, IReadOnlySet<string>? exclude, VariantOptions? arm, Func<ServingModel, UserProfile> profile,
        bool stateNewHere)
    {
        var variant = arm?.Name;
        if (await cache.GetAsync(key, thisSiloOnly: stateNewHere) is { } cached)
        {
            metrics.CacheHits.Add(1);
            Served(variant, "cache", cached.ModelVersion);
            return cached;
        }

        metrics.CacheMisses.Add(1);
        var items = await gate.RunAsync(() => pipeline.Rank(new RankingContext(profile(model), model, count, diversity, exclude, arm?.Scoring, options.Value.CandidatesPerGenerator)));
        var list = new RecommendationList(key.UserId, model.Version, key.StateVersion, items, variant);
        await cache.SetAsync(key, list);
        Served(variant, "pipeline", model.Version);
        return list;
    }

    private void Served(string? variant, string source, string? modelVersion) =>
        metrics.Recommendations.Add(1, new KeyValuePair<string, object?>("variant", variant ?? "none"), new KeyValuePair<string, object?>("source", source),
            new KeyValuePair<string, object?>("model_version", modelVersion ?? RankedListCacheKey.NoModel));
}
