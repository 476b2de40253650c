using System.Diagnostics.Metrics;

namespace OpenMrs.Features.Telemetry;

/// <summary>The service's instruments on <c>Meter("OpenMrs.Features")</c>.</summary>
public sealed class FeaturesMetrics : IDisposable
{
    public const string MeterName = "OpenMrs.Features";

    private readonly Meter _meter;
    private readonly Counter<long> _processed;
    private readonly Counter<long> _failures;
    private readonly Histogram<double> _duration;
    private int _queueDepth;

    public FeaturesMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _processed = _meter.CreateCounter<long>("openmrs.features.tracks_processed", "{track}", "Tracks whose features were published");
        _failures = _meter.CreateCounter<long>("openmrs.features.failures", "{track}", "Tracks that could not be processed, by reason");
        _duration = _meter.CreateHistogram<double>("openmrs.features.extraction.duration", "s", "Fetch, decode and extraction time per track");
        _meter.CreateObservableGauge("openmrs.features.queue_depth", () => Volatile.Read(ref _queueDepth), "{track}", "Decoded tracks waiting for the CNN");
    }

    public int QueueDepth => Volatile.Read(ref _queueDepth);

    public void Processed(double seconds)
    {
        _processed.Add(1);
        _duration.Record(seconds);
    }

    public void Failed(string reason) => _failures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Enqueued() => Interlocked.Increment(ref _queueDepth);

    public void Dequeued(int count) => Interlocked.Add(ref _queueDepth, -count);

    public void Dispose() => _meter.Dispose();
}
