using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Telemetry;
using StackExchange.Redis;

namespace OpenMrs.Serving.Grains.Caching;

/// <summary>
/// Ranked lists in Redis as JSON strings with a TTL (<c>SET key value PX ttl</c>). When Redis is down or slow the
/// call fails fast (see <see cref="RedisConnections"/>), is counted, and ranking answers without the cache.
/// In front of Redis sits a bounded in-process near cache (<see cref="ServingOptions.NearCacheEntries"/>, same TTL):
/// a key names one immutable list (it carries the model and state versions), so a near copy can never be stale, and a
/// repeated request on the silo that ranked it costs a dictionary lookup instead of a round trip, a JSON parse and the
/// grain continuation after it. Lists ranked elsewhere, or pushed out of the near cache, still come from Redis; a
/// read for a state version the user's grain reached on this silo skips that round trip (<c>thisSiloOnly</c>, see
/// <see cref="IRankedListCache.GetAsync"/>), so the usual miss costs no Redis read, only the write.
/// </summary>
public sealed class RedisRankedListCache(
    IConnectionMultiplexer redis,
    IOptions<ServingOptions> options,
    ServingMetrics metrics,
    TimeProvider time,
    ILogger<RedisRankedListCache> logger) : IRankedListCache
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly InProcessRankedListCache _near = new(() => options.Value.NearCacheEntries, options, time);

    /// <inheritdoc/>
    public async Task<RecommendationList?> GetAsync(RankedListCacheKey key, bool thisSiloOnly = false, CancellationToken cancellationToken = default)
    {
        if (options.Value.NearCacheEntries > 0 && await _near.GetAsync(key, cancellationToken: cancellationToken) is { } near) return near;
        if (thisSiloOnly) return null;
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(key.ToString());
            if (value.IsNullOrEmpty) return null;
            var list = JsonSerializer.Deserialize<RecommendationList>((byte[])value!, Json);
            if (list is not null && options.Value.NearCacheEntries > 0) await _near.SetAsync(key, list, cancellationToken);
            return list;
        }
        catch (Exception ex) when (IsCacheFailure(ex))
        {
            Failed(ex, "read");
            return null;
        }
    }

    /// <summary>
    /// Puts the list in the near cache and starts the Redis <c>SET</c> without waiting for its reply: the request that
    /// ranked the list answers at once, and a failed write is counted when it fails. Until the write lands, another
    /// silo asking for the same key misses and ranks it too (the same list: the key names its inputs).
    /// </summary>
    public async Task SetAsync(RankedListCacheKey key, RecommendationList list, CancellationToken cancellationToken = default)
    {
        if (options.Value.NearCacheEntries > 0) await _near.SetAsync(key, list, cancellationToken);
        _ = WriteAsync(key.ToString(), list);
    }

    private async Task WriteAsync(string key, RecommendationList list)
    {
        try
        {
            await redis.GetDatabase().StringSetAsync(key, JsonSerializer.SerializeToUtf8Bytes(list, Json), options.Value.CacheTtl);
        }
        catch (Exception ex) when (IsCacheFailure(ex))
        {
            Failed(ex, "write");
        }
    }

    private static bool IsCacheFailure(Exception ex) => ex is RedisException or TimeoutException or JsonException or ObjectDisposedException;

    private void Failed(Exception ex, string operation)
    {
        metrics.CacheErrors.Add(1, new KeyValuePair<string, object?>("operation", operation));
        logger.LogDebug("Ranked-list cache {Operation} failed, serving without the cache: {Error}", operation, ex.Message);
    }
}
