using System.Diagnostics.Metrics;

namespace OpenMrs.Serving.Grains.Telemetry;

/// <summary>The Serving service's instruments, on the meter <c>OpenMrs.Serving</c>.</summary>
public sealed class ServingMetrics : IDisposable
{
    public const string MeterName = "OpenMrs.Serving";
    private readonly Meter _meter;

    public ServingMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        EventsApplied = _meter.CreateCounter<long>("openmrs.serving.events.applied", description: "Listens folded into user state");
        DuplicatesIgnored = _meter.CreateCounter<long>("openmrs.serving.events.duplicates", description: "Redelivered listens ignored");
        StateWrites = _meter.CreateCounter<long>("openmrs.serving.state.writes", description: "User state writes to grain storage");
        CacheHits = _meter.CreateCounter<long>("openmrs.serving.cache.hits", description: "Ranked lists served from the cache");
        CacheMisses = _meter.CreateCounter<long>("openmrs.serving.cache.misses", description: "Ranked lists computed");
        CacheErrors = _meter.CreateCounter<long>("openmrs.serving.cache.errors", description: "Cache calls that failed (served without the cache)");
        ModelsLoaded = _meter.CreateCounter<long>("openmrs.serving.models.loaded", description: "Model versions swapped in");
        FoldIns = _meter.CreateHistogram<double>("openmrs.serving.foldin.duration", unit: "ms", description: "Fold-in of a user vector against the personal model");
        RankingQueueWait = _meter.CreateHistogram<double>("openmrs.serving.ranking.queue_wait", unit: "ms", description: "Time a ranking waited for a free core");
        RankingRejected = _meter.CreateCounter<long>("openmrs.serving.ranking.rejected", description: "Rankings refused with 503 because the ranking queue was full");
        Recommendations = _meter.CreateCounter<long>("openmrs.serving.recommendations", description: "Ranked lists served, by A/B variant, source (cache or pipeline) and model version");
    }

    public Counter<long> EventsApplied { get; }
    public Counter<long> DuplicatesIgnored { get; }
    public Counter<long> StateWrites { get; }
    public Counter<long> CacheHits { get; }
    public Counter<long> CacheMisses { get; }
    public Counter<long> CacheErrors { get; }
    public Counter<long> ModelsLoaded { get; }
    public Histogram<double> FoldIns { get; }
    public Counter<long> Recommendations { get; }
    public Histogram<double> RankingQueueWait { get; }
    public Counter<long> RankingRejected { get; }

    public void Dispose() => _meter.Dispose();
}
