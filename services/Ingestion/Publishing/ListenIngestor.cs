using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Ingestion.Deduplication;
using OpenMrs.Ingestion.Telemetry;

namespace OpenMrs.Ingestion.Publishing;

/// <summary>
/// Publishes a validated batch of listens to <c>listens</c>, keyed by userId. A repeated eventId counts once, within
/// the batch and across batches; ids are remembered only once the broker acknowledged them.
/// </summary>
public sealed class ListenIngestor(AcknowledgedBatchPublisher publisher, IEventDeduplicator deduplicator, IngestionMetrics metrics)
{
    public async Task<IngestResult> IngestAsync(IReadOnlyList<ListenEvent> events, CancellationToken cancellationToken)
    {
        var firstOfEachId = new Dictionary<string, ListenEvent>(events.Count, StringComparer.Ordinal);
        foreach (var listen in events) firstOfEachId.TryAdd(listen.EventId, listen);

        var seen = await deduplicator.FindSeenAsync(firstOfEachId.Keys, cancellationToken);
        var fresh = firstOfEachId.Values.Where(e => !seen.Contains(e.EventId)).ToList();

        try
        {
            await publisher.PublishAllAsync(Topics.Listens, fresh, e => e.UserId, cancellationToken);
        }
        catch (BatchNotAcknowledgedException ex)
        {
            // The acked ones are in the log: remember them so the client's resend counts them as duplicates.
            await deduplicator.MarkSeenAsync(ex.AckedIndexes.Select(i => fresh[i].EventId).ToList(), CancellationToken.None);
            metrics.PublishFailed(Topics.Listens);
            throw;
        }
        await deduplicator.MarkSeenAsync(fresh.Select(e => e.EventId).ToList(), CancellationToken.None);

        var duplicates = events.Count - fresh.Count;
        metrics.Accepted(Topics.Listens, fresh.Count);
        if (duplicates > 0) metrics.Duplicates(Topics.Listens, duplicates);
        return new IngestResult(fresh.Count, duplicates);
    }
}
