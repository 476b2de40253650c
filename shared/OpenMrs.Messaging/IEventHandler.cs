namespace OpenMrs.Messaging;

/// <summary>A message taken from a topic, with where it came from.</summary>
public sealed record ConsumedEvent<T>(string Topic, string Key, T Value, int Partition, long Offset, DateTimeOffset Timestamp);

/// <summary>
/// Processes one consumed message. The offset is committed only after this returns. Throwing a
/// <see cref="PermanentEventFailure"/> (or failing to decode) sends the message to <c>topic.dlq</c> with the reason;
/// other exceptions are retried with back-off, then dead-lettered. Handlers must be idempotent: a message can be
/// delivered again after a crash or rebalance.
/// </summary>
public interface IEventHandler<T>
{
    Task HandleAsync(ConsumedEvent<T> message, CancellationToken cancellationToken);
}

/// <summary>
/// Processing can never succeed for this message (bad content, unknown reference): dead-letter it now. A batch
/// handler names the failing message with <see cref="MessageIndex"/>, its position in the list it was given.
/// </summary>
public sealed class PermanentEventFailure : Exception
{
    public PermanentEventFailure(string reason, Exception? inner = null) : base(reason, inner)
    {
    }

    /// <summary>From <see cref="IEventBatchHandler{T}"/>: the message at <paramref name="messageIndex"/> failed permanently.</summary>
    public PermanentEventFailure(int messageIndex, string reason, Exception? inner = null) : base(reason, inner)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(messageIndex);
        MessageIndex = messageIndex;
    }

    /// <summary>The failing message's position in the batch handler's list; null from a single-message handler.</summary>
    public int? MessageIndex { get; }
}
