using System.Diagnostics.Metrics;

namespace OpenMrs.Training.Hosting;

/// <summary>The Training service's instruments, on the meter <c>OpenMrs.Training</c>.</summary>
public sealed class TrainingMetrics : IDisposable
{
    public const string MeterName = "OpenMrs.Training";
    private readonly Meter _meter;

    public TrainingMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        EventsCounted = _meter.CreateCounter<long>("openmrs.training.events.counted", description: "Listens counted into popularity");
        DuplicatesIgnored = _meter.CreateCounter<long>("openmrs.training.events.duplicates", description: "Redelivered listens ignored");
        TracksUpserted = _meter.CreateCounter<long>("openmrs.training.tracks.upserted", description: "Catalog upserts applied");
        ModelsPublished = _meter.CreateCounter<long>("openmrs.training.models.published", description: "Model versions written and announced");
        PublishFailures = _meter.CreateCounter<long>("openmrs.training.models.publish_failures", description: "Model publications that failed");
    }

    public Counter<long> EventsCounted { get; }
    public Counter<long> DuplicatesIgnored { get; }
    public Counter<long> TracksUpserted { get; }
    public Counter<long> ModelsPublished { get; }
    public Counter<long> PublishFailures { get; }

    public void Dispose() => _meter.Dispose();
}
