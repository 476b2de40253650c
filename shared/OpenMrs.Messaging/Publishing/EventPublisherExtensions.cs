namespace OpenMrs.Messaging;

public static class EventPublisherExtensions
{
    /// <summary>
    /// Publishes every message concurrently (one producer batch) and completes when all were acknowledged.
    /// </summary>
    /// <exception cref="PublishException">Some writes were not acknowledged; the message says how many, the inner
    /// exception is the first failure. The others may have been written: retrying the whole batch is safe only for
    /// idempotent consumers (which all consumers are).</exception>
    public static async Task PublishAllAsync<T>(
        this IEventPublisher publisher, string topic, IReadOnlyList<T> messages, Func<T, string> keyOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(keyOf);
        var writes = new Task[messages.Count];
        for (var i = 0; i < messages.Count; i++) writes[i] = publisher.PublishAsync(topic, keyOf(messages[i]), messages[i], cancellationToken);
        try
        {
            await Task.WhenAll(writes).ConfigureAwait(false);
        }
        catch (PublishException)
        {
            var failures = writes.Where(w => w.IsFaulted).Select(w => w.Exception!.InnerException!).ToList();
            throw new PublishException($"{failures.Count} of {messages.Count} writes to '{topic}' were not acknowledged: {failures[0].Message}", failures[0]);
        }
    }
}
