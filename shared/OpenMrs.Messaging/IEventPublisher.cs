namespace OpenMrs.Messaging;

/// <summary>
/// The event bus: one method. The task completes only after the broker acknowledged the write (acks=all,
/// idempotent producer), so a caller may answer its own client once it has awaited this. The current
/// <see cref="System.Diagnostics.Activity"/>'s W3C trace context travels in the message headers.
/// </summary>
public interface IEventPublisher
{
    /// <exception cref="PublishException">The broker did not acknowledge the write within the delivery timeout.</exception>
    Task PublishAsync<T>(string topic, string key, T message, CancellationToken cancellationToken = default);
}

public sealed class PublishException(string message, Exception? inner = null) : Exception(message, inner);
