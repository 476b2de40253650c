namespace OpenMrs.Ingestion.Deduplication;

/// <summary>
/// Remembers accepted eventIds for a bounded window so a resent event counts once. Ids are marked only after the
/// broker acknowledged them: a failed publish stays retryable. Best effort by design — downstream consumers are
/// idempotent on eventId too, so a forgotten id costs a harmless redelivery, never a double count.
/// </summary>
public interface IEventDeduplicator
{
    /// <returns>The subset of <paramref name="eventIds"/> already accepted within the window.</returns>
    ValueTask<IReadOnlySet<string>> FindSeenAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken);

    ValueTask MarkSeenAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken);
}
