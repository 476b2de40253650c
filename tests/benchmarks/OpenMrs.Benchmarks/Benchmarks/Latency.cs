using System.Diagnostics;
using System.Runtime;

namespace OpenMrs.Benchmarks;

/// <summary>Rate and latency figures of <c>requests</c> calls issued by a fixed number of concurrent workers.</summary>
/// <param name="P50Ms">Median latency in milliseconds.</param>
/// <param name="P99Ms">99th percentile latency in milliseconds.</param>
/// <param name="MeanMs">Mean latency; by Little's law about concurrency / rate when every worker kept a call in flight.</param>
/// <param name="MaxMs">The slowest call.</param>
/// <param name="GcPauseShare">Share of the run's wall time the runtime was paused for garbage collection (0–1); a pause stalls every call in flight, so a share near 1 % sets the p99 by itself.</param>
/// <param name="GcCollections">Garbage collections (all generations) during the run.</param>
/// <param name="AllocatedBytesPerCall">Managed bytes allocated by the whole process during the run, per call: what drives the collections.</param>
/// <param name="Gen1Collections">Collections of generation 1 or 2 among <paramref name="GcCollections"/>: the long pauses.</param>
/// <param name="LongestGcPauseMs">The longest single pause seen (sampled every millisecond); every call in flight waits it out.</param>
/// <param name="CpuMsPerCall">Process CPU time per call (all threads): with c calls in flight on n cores the mean is about c × this / n.</param>
/// <param name="LongestGcPauseGeneration">The generation the longest pause collected (−1 when none was seen).</param>
/// <param name="LongestGcPausePromotedBytes">Bytes that collection promoted (kept alive and copied): what a pause's length follows.</param>
/// <param name="StealShare">Share of the machine's CPU time the hypervisor gave to other guests during the run (0–1, from
/// <c>/proc/stat</c>; null where there is none): time no thread of this process could run.</param>
/// <param name="StallsOver10Ms">Wake-ups of the watcher thread (asleep 1 ms at a time, so it is scheduled ahead of busy
/// threads) that came more than 10 ms late beyond any collection pause in between: the process, or the whole machine,
/// was not running. Each stalls every call in flight, as a collection does.</param>
/// <param name="LongestStallMs">The longest such delay (beyond the millisecond asked and any collection pause in between), under 10 ms too.</param>
/// <param name="JitMethods">Methods the JIT compiled during the run (tiering up, on-stack replacement, code run for the
/// first time): each compilation takes a core the calls would use, so a burst of them lengthens the calls in flight.</param>
/// <param name="JitMs">Time spent compiling them, all threads.</param>
/// <param name="MachineCpuMsPerCall">The whole machine's busy CPU time per call (every process: user, system and
/// interrupts, from <c>/proc/stat</c> in 10 ms ticks; null where there is none): with redis-server on the same cores,
/// what a call costs beyond <paramref name="CpuMsPerCall"/>.</param>
public sealed record LatencyFigures(int Requests, int Concurrency, double RequestsPerSecond, double P50Ms, double P99Ms, double MeanMs, double MaxMs,
    double GcPauseShare, int GcCollections, long AllocatedBytesPerCall, int Gen1Collections = 0, double LongestGcPauseMs = 0, double CpuMsPerCall = 0,
    int LongestGcPauseGeneration = -1, long LongestGcPausePromotedBytes = 0, double? StealShare = null, int StallsOver10Ms = 0, double LongestStallMs = 0,
    long JitMethods = 0, double JitMs = 0, double? MachineCpuMsPerCall = null);

public static class Latency
{
    /// <summary>
    /// Calls <paramref name="call"/>(0 … requests−1) from <paramref name="concurrency"/> workers; each call timed alone.
    /// Every call starts as a work item on the thread pool's global (first-in, first-out) queue, as a server's
    /// requests do: started from a pool thread's local queue instead, in-process work runs last-in, first-out, a
    /// few workers cycle while the rest wait unmeasured, and the percentiles come out far below concurrency / rate.
    /// </summary>
    /// <param name="globalQueue">False starts each call straight from its worker (the harness before; kept to show the difference).</param>
    public static async Task<LatencyFigures> MeasureAsync(int requests, int concurrency, Func<int, ValueTask> call, bool globalQueue = true)
    {
        var latencies = new double[requests];
        var next = -1;
        var pausedBefore = GC.GetTotalPauseDuration();
        var collectionsBefore = GC.CollectionCount(0);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gen1Before = GC.CollectionCount(1);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var machineBefore = MachineTimes.Read();
        var jitMethodsBefore = JitInfo.GetCompiledMethodCount();
        var jitTimeBefore = JitInfo.GetCompilationTime();
        using var pauses = new GcPauseWatcher();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                var index = i;
                if (globalQueue) await Task.Factory.StartNew(() => call(index).AsTask(), CancellationToken.None, TaskCreationOptions.PreferFairness, TaskScheduler.Default).Unwrap();
                else await call(index);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        var pauseShare = (GC.GetTotalPauseDuration() - pausedBefore).TotalSeconds / seconds;
        var collections = GC.CollectionCount(0) - collectionsBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var gen1 = GC.CollectionCount(1) - gen1Before;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var longestPause = pauses.Stop();
        var longestCollection = pauses.LongestCollection;
        var steal = MachineTimes.StealShareSince(machineBefore);
        var machineCpu = MachineTimes.BusyMsSince(machineBefore);
        var jitMethods = JitInfo.GetCompiledMethodCount() - jitMethodsBefore;
        var jitTime = JitInfo.GetCompilationTime() - jitTimeBefore;
        Array.Sort(latencies);
        return new LatencyFigures(requests, concurrency, Math.Round(requests / seconds), Percentile(latencies, 0.50), Percentile(latencies, 0.99),
            requests == 0 ? double.NaN : Math.Round(latencies.Average(), 3), requests == 0 ? double.NaN : Math.Round(latencies[^1], 3),
            Math.Round(pauseShare, 4), collections, requests == 0 ? 0 : allocated / requests, gen1, Math.Round(longestPause.TotalMilliseconds, 1),
            requests == 0 ? 0 : Math.Round(cpu.TotalMilliseconds / requests, 3), longestCollection?.Generation ?? -1, longestCollection?.PromotedBytes ?? 0,
            steal is { } share ? Math.Round(share, 4) : null, pauses.StallsOver10Ms, Math.Round(pauses.LongestStall.TotalMilliseconds, 1),
            jitMethods, Math.Round(jitTime.TotalMilliseconds, 1), machineCpu is { } busy && requests > 0 ? Math.Round(busy / requests, 3) : null);
    }

    /// <summary>The <paramref name="q"/> quantile of ascending <paramref name="sorted"/> values (nearest rank), rounded to 3 decimals; NaN when empty.</summary>
    public static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)], 3);
}

/// <summary>
/// The longest single GC pause while it runs: a thread of its own reads the runtime's total pause time every
/// millisecond and keeps the largest step (two collections within one millisecond would read as one), with the
/// runtime's record of the collection that made it. The same thread counts its own late wake-ups that no collection
/// explains (stalls of the process or the machine).
/// </summary>
internal sealed class GcPauseWatcher : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stopped;
    private TimeSpan _longest;

    private static readonly TimeSpan StallThreshold = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Sleep = TimeSpan.FromMilliseconds(1);

    /// <summary>The collection of the longest pause (the runtime's latest one when the step was seen), or null.</summary>
    public GCMemoryInfo? LongestCollection { get; private set; }

    public GcPauseWatcher()
    {
        _thread = new Thread(Watch) { IsBackground = true, Name = "gc-pause-watcher" };
        _thread.Start();
    }

    /// <summary>Stops watching; returns the longest pause seen.</summary>
    public TimeSpan Stop()
    {
        _stopped = true;
        _thread.Join();
        return _longest;
    }

    public void Dispose()
    {
        if (!_stopped) Stop();
    }

    /// <summary>Late wake-ups beyond 10 ms that no collection explains.</summary>
    public int StallsOver10Ms { get; private set; }

    /// <summary>The longest delay of a wake-up beyond its millisecond and any collection pause in between.</summary>
    public TimeSpan LongestStall { get; private set; }

    private void Watch()
    {
        var last = GC.GetTotalPauseDuration();
        var woke = Stopwatch.GetTimestamp();
        while (!_stopped)
        {
            Thread.Sleep(Sleep);
            var now = GC.GetTotalPauseDuration();
            var late = Stopwatch.GetElapsedTime(woke) - Sleep - (now - last);
            woke = Stopwatch.GetTimestamp();
            if (late > StallThreshold) StallsOver10Ms++;
            if (late > LongestStall) LongestStall = late;
            if (now - last > _longest)
            {
                _longest = now - last;
                LongestCollection = GC.GetGCMemoryInfo(GCKind.Any);
            }
            last = now;
        }
    }
}

/// <summary>The machine's CPU time from <c>/proc/stat</c> (Linux): the share the hypervisor stole, and the busy time of every process.</summary>
internal static class MachineTimes
{
    /// <summary>Ticks per second of <c>/proc/stat</c> (USER_HZ, fixed at 100 for user space on Linux).</summary>
    private const double TicksPerSecond = 100;

    /// <summary>(steal, busy, total) ticks over all CPUs, busy being user, nice, system, irq and softirq; null where
    /// <c>/proc/stat</c> is missing or unreadable.</summary>
    public static (long Steal, long Busy, long Total)? Read()
    {
        try
        {
            if (!File.Exists("/proc/stat")) return null;
            // "cpu  user nice system idle iowait irq softirq steal guest guest_nice"; guest time is inside user already.
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var values = fields.Skip(1).Take(8).Select(long.Parse).ToArray();
            return values.Length < 8 ? null : (values[7], values[0] + values[1] + values[2] + values[5] + values[6], values.Sum());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>Stolen share of the CPU time since <paramref name="before"/>; null when either reading is missing.</summary>
    public static double? StealShareSince((long Steal, long Busy, long Total)? before) =>
        before is { } b && Read() is { } now && now.Total > b.Total ? (double)(now.Steal - b.Steal) / (now.Total - b.Total) : null;

    /// <summary>Busy CPU milliseconds of the whole machine since <paramref name="before"/>; null when either reading is missing.</summary>
    public static double? BusyMsSince((long Steal, long Busy, long Total)? before) =>
        before is { } b && Read() is { } now ? (now.Busy - b.Busy) * 1000 / TicksPerSecond : null;
}
