namespace OpenMrs.Messaging;

/// <summary>
/// Processes, in one call, the messages of one processing round that share a partition and a key (for
/// <c>listens</c>: one user's events), in offset order. Offsets are committed only after this returns.
/// <para>
/// Contract: apply the messages in order. When message <c>i</c> can never succeed, apply those before it and throw
/// <see cref="PermanentEventFailure"/> with <see cref="PermanentEventFailure.MessageIndex"/> = <c>i</c>: that one is
/// dead-lettered and the handler is called again with the messages after it. Any other exception (or a
/// <see cref="PermanentEventFailure"/> without an index) makes the consumer process the unfinished messages one at a
/// time, each with the single-message retries and dead-lettering of <see cref="IEventHandler{T}"/>, so that only the
/// culprit is dead-lettered. A message may therefore be delivered more than once: handlers must be idempotent.
/// </para>
/// </summary>
public interface IEventBatchHandler<T>
{
    /// <param name="messages">At least one message; all with the same topic, partition and key, in offset order.</param>
    Task HandleBatchAsync(IReadOnlyList<ConsumedEvent<T>> messages, CancellationToken cancellationToken);
}
