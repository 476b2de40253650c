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
/// </summary>
public sealed class RedisRankedListCache(
    IConnectionMultiplexer redis,
    IOptions<ServingOptions> options,
    ServingMetrics metrics,
    ILogger<RedisRankedListCache> logger) : IRankedListCache
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<RecommendationList?> GetAsync(RankedListCacheKey key, CancellationToken cancellationToken = default)
    {
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(key.ToString());
            return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<RecommendationList>((byte[])value!, Json);
        }
        catch (Exception ex) when (IsCacheFailure(ex))
        {
            Failed(ex, "read");
            return null;
        }
    }

    public async Task SetAsync(RankedListCacheKey key, RecommendationList list, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.GetDatabase().StringSetAsync(key.ToString(), JsonSerializer.SerializeToUtf8Bytes(list, Json), options.Value.CacheTtl);
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
