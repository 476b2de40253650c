using System.Diagnostics;

namespace OpenMrs.Benchmarks;

/// <summary>Process-wide CPU, allocation and GC counters, read before and after a measured phase.</summary>
public readonly record struct RuntimeCounters(TimeSpan Cpu, long AllocatedBytes, int Gen0, int Gen1, int Gen2, TimeSpan GcPause)
{
    public static RuntimeCounters Take() => new(
        Process.GetCurrentProcess().TotalProcessorTime,
        GC.GetTotalAllocatedBytes(precise: false),
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        GC.GetTotalPauseDuration());

    /// <summary>What the phase since <paramref name="start"/> cost, per unit of work where that reads better.</summary>
    public PhaseCost Since(RuntimeCounters start, long units, double wallSeconds) => new(
        Math.Round((Cpu - start.Cpu).TotalSeconds / wallSeconds, 2),
        Math.Round((Cpu - start.Cpu).TotalMicroseconds / units, 1),
        (AllocatedBytes - start.AllocatedBytes) / units,
        Gen0 - start.Gen0,
        Gen1 - start.Gen1,
        Gen2 - start.Gen2,
        Math.Round(100 * (GcPause - start.GcPause).TotalSeconds / wallSeconds, 1),
        Gen0 + Gen1 + Gen2 - start.Gen0 - start.Gen1 - start.Gen2 is var gcs and > 0
            ? Math.Round((GcPause - start.GcPause).TotalMilliseconds / gcs, 2)
            : 0);
}

/// <param name="CoresBusy">Average CPU cores in use over the phase.</param>
/// <param name="CpuMicrosecondsPerUnit">Process CPU time per unit of work (all threads, broker included when embedded).</param>
/// <param name="AllocatedBytesPerUnit">Managed bytes allocated per unit of work.</param>
/// <param name="GcPausePercent">Share of wall time the runtime was paused for GC.</param>
/// <param name="MeanGcPauseMs">Average pause per collection.</param>
public sealed record PhaseCost(
    double CoresBusy, double CpuMicrosecondsPerUnit, long AllocatedBytesPerUnit, int Gen0, int Gen1, int Gen2, double GcPausePercent, double MeanGcPauseMs);
