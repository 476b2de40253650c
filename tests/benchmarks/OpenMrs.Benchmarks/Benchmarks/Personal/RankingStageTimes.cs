using System.Diagnostics;
using OpenMrs.Serving.Grains.Ranking;

namespace OpenMrs.Benchmarks.Benchmarks.Personal;

/// <summary>
/// Where a miss's time goes: records the ranking pipeline's spans (<see cref="RankingPipeline.Activities"/>:
/// <c>rank.candidates {generator}</c>, <c>rank.score</c>, <c>rank.rerank</c>) while alive and sums their durations by
/// name. Run it over sequential requests (concurrency 1) so the durations are CPU time, not queueing.
/// </summary>
internal sealed class RankingStageTimes : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly Dictionary<string, double> _totalMs = new(StringComparer.Ordinal);

    public RankingStageTimes()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RankingPipeline.Activities.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                lock (_totalMs) _totalMs[activity.OperationName] = _totalMs.GetValueOrDefault(activity.OperationName) + activity.Duration.TotalMilliseconds;
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Mean milliseconds per request of each span, and of everything outside them (grain call, profile, cache, merge and sort).</summary>
    public object PerRequest(LatencyFigures requests)
    {
        lock (_totalMs)
        {
            var stages = _totalMs.OrderByDescending(kv => kv.Value).ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value / requests.Requests, 3));
            return new { requests = requests.Requests, meanMs = requests.MeanMs, stagesMeanMs = stages, outsideStagesMeanMs = Math.Round(requests.MeanMs - stages.Values.Sum(), 3) };
        }
    }

    public void Dispose() => _listener.Dispose();
}
