using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OpenMrs.Ingestion.Deduplication;

/// <summary>Degraded, not Unhealthy, when Redis is down: ingestion keeps accepting (dedup fails open).</summary>
public sealed class RedisDeduplicationHealthCheck(RedisDeduplicationConnection connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await connection.Database.PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:F1} ms");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Degraded("Redis unreachable: eventIds are not shared across instances until it is back", ex);
        }
    }
}
