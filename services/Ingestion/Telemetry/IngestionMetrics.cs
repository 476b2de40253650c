using System.Diagnostics.Metrics;

namespace OpenMrs.Ingestion.Telemetry;

/// <summary>Counters of the <c>OpenMrs.Ingestion</c> meter, tagged with the topic.</summary>
public sealed class IngestionMetrics
{
    public const string MeterName = "OpenMrs.Ingestion";

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _publishFailures;
    private readonly Counter<long> _backlogRefusals;

    public IngestionMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _accepted = meter.CreateCounter<long>("openmrs.ingestion.accepted", "{item}", "Items acknowledged by the broker and answered 202.");
        _rejected = meter.CreateCounter<long>("openmrs.ingestion.rejected", "{item}", "Items of batches rejected by validation.");
        _duplicates = meter.CreateCounter<long>("openmrs.ingestion.duplicates", "{item}", "Items recognised as already accepted (same eventId).");
        _publishFailures = meter.CreateCounter<long>("openmrs.ingestion.publish_failures", "{batch}", "Batches answered 503 because the broker did not acknowledge.");
        _backlogRefusals = meter.CreateCounter<long>("openmrs.ingestion.backlog_refusals", "{batch}", "Batches answered 503 because consumers were too far behind.");
    }

    public void Accepted(string topic, int count) => _accepted.Add(count, Tag(topic));
    public void Rejected(string topic, int count) => _rejected.Add(count, Tag(topic));
    public void Duplicates(string topic, int count) => _duplicates.Add(count, Tag(topic));
    public void PublishFailed(string topic) => _publishFailures.Add(1, Tag(topic));
    public void RefusedForBacklog(string topic) => _backlogRefusals.Add(1, Tag(topic));

    private static KeyValuePair<string, object?> Tag(string topic) => new("topic", topic);
}
