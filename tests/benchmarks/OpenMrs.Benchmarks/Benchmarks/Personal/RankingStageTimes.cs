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
    private readonly Dictionary<string, long> _allocatedBytes = new(StringComparer.Ordinal);
    private const string AllocatedAtStart = "openmrs.bench.allocated";

    /// <summary>The span around the whole cached request (<c>CachedRecommender</c>), which contains the stages.</summary>
    private const string WholeRequest = "recommend";

    public RankingStageTimes()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RankingPipeline.Activities.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            // The stages run synchronously, so the thread's allocation counter brackets each one.
            ActivityStarted = activity => activity.SetCustomProperty(AllocatedAtStart, GC.GetAllocatedBytesForCurrentThread()),
            ActivityStopped = activity =>
            {
                var allocated = GC.GetAllocatedBytesForCurrentThread() - (long)activity.GetCustomProperty(AllocatedAtStart)!;
                lock (_totalMs)
                {
                    _totalMs[activity.OperationName] = _totalMs.GetValueOrDefault(activity.OperationName) + activity.Duration.TotalMilliseconds;
                    _allocatedBytes[activity.OperationName] = _allocatedBytes.GetValueOrDefault(activity.OperationName) + allocated;
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Mean milliseconds and managed bytes allocated per request of each span, and the milliseconds outside them (grain call, profile, cache, merge and sort).</summary>
    public object PerRequest(LatencyFigures requests)
    {
        lock (_totalMs)
        {
            var stages = _totalMs.OrderByDescending(kv => kv.Value).ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value / requests.Requests, 3));
            var allocated = _allocatedBytes.OrderByDescending(kv => kv.Value).ToDictionary(kv => kv.Key, kv => kv.Value / requests.Requests);
            return new
            {
                requests = requests.Requests, meanMs = requests.MeanMs, stagesMeanMs = stages, outsideStagesMeanMs = Math.Round(requests.MeanMs - stages.Where(kv => kv.Key != WholeRequest).Sum(kv => kv.Value), 3),
                stagesAllocatedBytes = allocated, allocatedBytesPerRequest = requests.AllocatedBytesPerCall,
            };
        }
    }

    public void Dispose() => _listener.Dispose();
}
