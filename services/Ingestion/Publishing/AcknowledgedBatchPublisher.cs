using OpenMrs.Messaging;
using OpenMrs.Messaging.Backpressure;

namespace OpenMrs.Ingestion.Publishing;

/// <summary>
/// Publishes every item concurrently and waits for the broker's acknowledgement of each. Items of one key keep
/// their order (one partition, an idempotent producer). When any write fails, the caller learns which were acked.
/// Nothing is published while the topic's consumers are too far behind (<see cref="BacklogAdmission"/>).
/// </summary>
public sealed class AcknowledgedBatchPublisher(IEventPublisher publisher, BacklogAdmission admission)
{
    /// <exception cref="BacklogFullException">The topic takes no more for now; nothing was published.</exception>
    /// <exception cref="BatchNotAcknowledgedException">Some writes were not acknowledged.</exception>
    public async Task PublishAllAsync<T>(string topic, IReadOnlyList<T> items, Func<T, string> keyOf, CancellationToken cancellationToken)
    {
        if (items.Count == 0) return;
        admission.EnsureRoomFor(topic);
        var writes = new Task[items.Count];
        for (var i = 0; i < items.Count; i++)
            writes[i] = publisher.PublishAsync(topic, keyOf(items[i]), items[i], cancellationToken);
        try
        {
            await Task.WhenAll(writes);
        }
        catch (Exception ex) when (ex is PublishException or TimeoutException)
        {
            var acked = Enumerable.Range(0, items.Count).Where(i => writes[i].IsCompletedSuccessfully).ToArray();
            throw new BatchNotAcknowledgedException(topic, items.Count, acked, ex);
        }
    }
}

/// <summary>The broker did not acknowledge every item of a batch; <see cref="AckedIndexes"/> were written.</summary>
public sealed class BatchNotAcknowledgedException(string topic, int total, IReadOnlyList<int> ackedIndexes, Exception inner)
    : Exception($"The broker acknowledged {ackedIndexes.Count} of {total} writes to '{topic}': {inner.Message}", inner)
{
    public IReadOnlyList<int> AckedIndexes { get; } = ackedIndexes;
}
