using System.Diagnostics;
using OpenTelemetry;

namespace OpenMrs.Benchmarks.Benchmarks.EndToEnd;

/// <summary>Stands in for an exporter: spans are recorded and ended, then dropped.</summary>
internal sealed class DiscardingSpanProcessor : BaseProcessor<Activity>;

internal sealed record IngestFigures(
    long Events, bool AllApplied, int PostsRefusedForBacklog, double AcceptedEventsPerSecond, double EndToEndEventsPerSecond, double EndToEndSeconds,
    double? RatioToRawKafkaProduce, PhaseCost Runtime);

/// <param name="Runtime">The whole process's cost per request, the benchmark's own HTTP client included.</param>
internal sealed record ReadFigures(int Requests, double RequestsPerSecond, double P50Ms, double P99Ms, double P999Ms, PhaseCost Runtime);

internal sealed record RedisFigures(int Concurrency, double GetsPerSecond, double P50Ms, double P99Ms, int ValueBytes);
