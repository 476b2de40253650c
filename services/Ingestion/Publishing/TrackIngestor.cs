using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Ingestion.Telemetry;

namespace OpenMrs.Ingestion.Publishing;

/// <summary>
/// Publishes catalog upserts to the compacted <c>tracks</c> topic, keyed by trackId. An upsert is idempotent by
/// nature (the last one per track wins), so there is nothing to de-duplicate.
/// </summary>
public sealed class TrackIngestor(AcknowledgedBatchPublisher publisher, IngestionMetrics metrics)
{
    public async Task<IngestResult> IngestAsync(IReadOnlyList<TrackUpsert> tracks, CancellationToken cancellationToken)
    {
        try
        {
            await publisher.PublishAllAsync(Topics.Tracks, tracks, t => t.TrackId, cancellationToken);
        }
        catch (BatchNotAcknowledgedException)
        {
            metrics.PublishFailed(Topics.Tracks);
            throw;
        }
        metrics.Accepted(Topics.Tracks, tracks.Count);
        return new IngestResult(tracks.Count, 0);
    }
}
