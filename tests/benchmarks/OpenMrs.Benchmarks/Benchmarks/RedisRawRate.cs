using System.Diagnostics;
using System.Text;
using System.Text.Json;
using OpenMrs.Benchmarks.Benchmarks.EndToEnd;
using OpenMrs.Testing.Redis;
using StackExchange.Redis;

namespace OpenMrs.Benchmarks;

/// <summary>
/// The raw Redis GET rate and latency on this machine (a fresh redis-server, one StackExchange.Redis connection,
/// a 10-item ranked-list-sized value), for any benchmark that wants the cache's own ceiling next to its figures.
/// </summary>
public static class RedisRawRate
{
    internal static async Task<RedisFigures> MeasureGetAsync(int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var server = new RedisServerFixture();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var database = redis.GetDatabase();
        var payload = JsonSerializer.Serialize(Enumerable.Range(0, 10).Select(i => new { trackId = $"track-{i:D5}", score = 1.0 / (i + 1), reason = "popular right now" }));
        await database.StringSetAsync("bench:list", payload);

        var latencies = new List<double>[concurrency];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = latencies[worker] = new List<double>(100_000);
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                _ = (string?)await database.StringGetAsync("bench:list");
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new RedisFigures(concurrency, Math.Round(all.Length / seconds), Latency.Percentile(all, 0.50), Latency.Percentile(all, 0.99), Encoding.UTF8.GetByteCount(payload));
    }
}
