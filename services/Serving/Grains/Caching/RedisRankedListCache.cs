using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Telemetry;
using StackExchange.Redis;

namespace OpenMrs.Serving.Grains.Caching;

/// <summary>
/// Ranked lists in Redis as JSON strings with a TTL (<c>SET key value PX ttl</c>, batched off the request path by
/// <see cref="RedisListWriter"/>). When Redis is down or slow the call fails fast (see <see cref="RedisConnections"/>),
/// is counted, and ranking answers without the cache.
/// In front of Redis sits a bounded in-process near cache (<see cref="ServingOptions.NearCacheEntries"/>, same TTL):
/// a key names one immutable list (it carries the model and state versions), so a near copy can never be stale, and a
/// repeated request on the silo that ranked it costs a dictionary lookup instead of a round trip, a JSON parse and the
/// grain continuation after it. Lists ranked elsewhere, or pushed out of the near cache, still come from Redis; when
/// no other silo can hold the key the round trip is skipped (<c>thisSiloOnly</c>, see <see cref="IRankedListCache.GetAsync"/>).
/// </summary>
public sealed class RedisRankedListCache : IRankedListCache, IAsyncDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly IOptions<ServingOptions> _options;
    private readonly ServingMetrics _metrics;
    private readonly ILogger<RedisRankedListCache> _logger;
    private readonly InProcessRankedListCache _near;
    private readonly RedisListWriter _writer;

    public RedisRankedListCache(IConnectionMultiplexer redis, IOptions<ServingOptions> options, ServingMetrics metrics, TimeProvider time,
        ILogger<RedisRankedListCache> logger)
    {
        (_redis, _options, _metrics, _logger) = (redis, options, metrics, logger);
        _near = new InProcessRankedListCache(() => _options.Value.NearCacheEntries, options, time);
        _writer = new RedisListWriter(redis, () => _options.Value.CacheTtl, e => Failed(e, "write"), logger, _options.Value.CacheWriteWindow);
    }

    /// <inheritdoc/>
    public async Task<RecommendationList?> GetAsync(RankedListCacheKey key, bool thisSiloOnly = false, CancellationToken cancellationToken = default)
    {
        if (_options.Value.NearCacheEntries > 0 && await _near.GetAsync(key, cancellationToken: cancellationToken) is { } near) return near;
        if (thisSiloOnly) return null;
        try
        {
            var value = await _redis.GetDatabase().StringGetAsync(key.ToString());
            if (value.IsNullOrEmpty) return null;
            var list = JsonSerializer.Deserialize((byte[])value!, RankedListJson.Default.RecommendationList);
            if (list is not null && _options.Value.NearCacheEntries > 0) await _near.SetAsync(key, list, cancellationToken);
            return list;
        }
        catch (Exception ex) when (IsCacheFailure(ex))
        {
            Failed(ex, "read");
            return null;
        }
    }

    /// <summary>
    /// Puts the list in the near cache and queues the Redis write (<see cref="RedisListWriter"/>): the request that ranked
    /// the list answers at once, and a failed or dropped write is counted when it happens. Until the write lands, another
    /// silo asking for the same key misses and ranks it too (the same list: the key names its inputs).
    /// </summary>
    public async Task SetAsync(RankedListCacheKey key, RecommendationList list, CancellationToken cancellationToken = default)
    {
        if (_options.Value.NearCacheEntries > 0) await _near.SetAsync(key, list, cancellationToken);
        _writer.Enqueue(key, list);
    }

    /// <summary>Redis write batches and the lists in them so far (<see cref="RedisListWriter.Sent"/>).</summary>
    public (long Batches, long Lists) WritesSent => _writer.Sent;

    /// <summary>Finishes the queued Redis writes.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private static bool IsCacheFailure(Exception ex) => ex is RedisException or TimeoutException or JsonException or ObjectDisposedException;

    private void Failed(Exception ex, string operation)
    {
        _metrics.CacheErrors.Add(1, new KeyValuePair<string, object?>("operation", operation));
        _logger.LogDebug("Ranked-list cache {Operation} failed, serving without the cache: {Error}", operation, ex.Message);
    }
}
