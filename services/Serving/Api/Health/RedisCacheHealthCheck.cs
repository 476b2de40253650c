using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenMrs.Serving.Grains.Caching;
using StackExchange.Redis;

namespace OpenMrs.Serving.Health;

/// <summary>
/// Readiness of the ranked-list cache. An unreachable Redis is Degraded, not Unhealthy: lists are still served from
/// the grains, only slower, so the instance stays in rotation.
/// </summary>
public sealed class RedisCacheHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public const string Name = "ranked-list-cache";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(RedisConnections.CommandTimeout * 4, cancellationToken);
            return HealthCheckResult.Healthy($"redis answered in {latency.TotalMilliseconds:0.0} ms");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Degraded("redis is unreachable; serving ranked lists without the cache", ex);
        }
    }
}
