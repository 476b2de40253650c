using System.Diagnostics;

namespace OpenMrs.Benchmarks;

/// <summary>Rate and latency percentiles of <c>requests</c> calls issued by a fixed number of concurrent workers.</summary>
/// <param name="P50Ms">Median latency in milliseconds.</param>
/// <param name="P99Ms">99th percentile latency in milliseconds.</param>
public sealed record LatencyFigures(int Requests, int Concurrency, double RequestsPerSecond, double P50Ms, double P99Ms);

public static class Latency
{
    /// <summary>Calls <paramref name="call"/>(0 … requests−1) from <paramref name="concurrency"/> workers; each call timed alone.</summary>
    public static async Task<LatencyFigures> MeasureAsync(int requests, int concurrency, Func<int, ValueTask> call)
    {
        var latencies = new double[requests];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                await call(i);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return new LatencyFigures(requests, concurrency, Math.Round(requests / seconds), Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    /// <summary>The <paramref name="q"/> quantile of ascending <paramref name="sorted"/> values (nearest rank), rounded to 3 decimals; NaN when empty.</summary>
    public static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)], 3);
}
