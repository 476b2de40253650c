using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using OpenMrs.Contracts.Wire;
using OpenMrs.Messaging.Configuration;
using OpenMrs.Messaging.Publishing;
using OpenMrs.Messaging.Telemetry;

namespace OpenMrs.Messaging.Consuming;

/// <summary>
/// Takes one raw message to its end: decoded and handled (with bounded retries), or dead-lettered. Runs a
/// "process {topic}" consumer span whose parent is the producer's span from the message headers.
/// </summary>
internal sealed class EventMessageProcessor<T>(
    string groupId, EventConsumerOptions options, DeadLetterPublisher deadLetters, ILogger logger)
{
    private readonly string _expectedSchema = WireFormat.SchemaOf<T>();

    public async Task ProcessAsync(ConsumeResult<byte[]?, byte[]?> raw, string key, IEventHandler<T> handler, CancellationToken cancellationToken)
    {
        using var activity = ProcessSpans.StartForMessage(raw, key, groupId);
        if (!TryDecode(raw, out var value, out var decodeError))
        {
            await DeadLetterAsync(raw, decodeError, activity, cancellationToken).ConfigureAwait(false);
            return;
        }

        var consumed = ToEvent(raw, key, value);
        var started = Stopwatch.GetTimestamp();
        var topicTag = MessagingTelemetry.TopicTag(raw.Topic);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await handler.HandleAsync(consumed, cancellationToken).ConfigureAwait(false);
                MessagingTelemetry.Consumed.Add(1, topicTag);
                MessagingTelemetry.HandlerDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, topicTag);
                return;
            }
            catch (PermanentEventFailure failure)
            {
                await DeadLetterAsync(raw, $"permanent failure: {failure.Message}", activity, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (attempt < options.MaxAttempts)
            {
                MessagingTelemetry.Retried.Add(1, topicTag);
                logger.LogDebug(ex, "Handler failed on {Position} (attempt {Attempt} of {MaxAttempts}); retrying",
                    raw.TopicPartitionOffset, attempt, options.MaxAttempts);
                await Task.Delay(RetryDelay(attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Handler failed on {Position} {Attempts} times; dead-lettering it", raw.TopicPartitionOffset, attempt);
                await DeadLetterAsync(raw, $"handler failed {attempt} times: {ex.GetType().Name}: {ex.Message}", activity, cancellationToken)
                    .ConfigureAwait(false);
                return;
            }
        }
    }

    public static ConsumedEvent<T> ToEvent(ConsumeResult<byte[]?, byte[]?> raw, string key, T value) =>
        new(raw.Topic, key, value, raw.Partition.Value, raw.Offset.Value, raw.Message.Timestamp.UtcDateTime);

    public bool TryDecode(ConsumeResult<byte[]?, byte[]?> raw, out T value, out string error)
    {
        value = default!;
        var schema = raw.Message.Headers.GetLastString(WireFormat.SchemaHeader);
        if (schema is not null && schema != _expectedSchema)
        {
            error = $"undecodable: schema '{schema}' where '{_expectedSchema}' was expected";
            return false;
        }
        if (raw.Message.Value is null)
        {
            error = "undecodable: the message has no value";
            return false;
        }
        try
        {
            value = WireFormat.Deserialize<T>(raw.Message.Value);
            error = "";
            return true;
        }
        catch (WireFormatException ex)
        {
            error = "undecodable: " + ex.Message;
            return false;
        }
    }

    /// <summary>Dead-letters a message in a failed "process" span of its own.</summary>
    public async Task DeadLetterInOwnSpanAsync(ConsumeResult<byte[]?, byte[]?> raw, string key, string reason, CancellationToken cancellationToken)
    {
        using var activity = ProcessSpans.StartForMessage(raw, key, groupId);
        await DeadLetterAsync(raw, reason, activity, cancellationToken).ConfigureAwait(false);
    }

    private async Task DeadLetterAsync(ConsumeResult<byte[]?, byte[]?> raw, string reason, Activity? activity, CancellationToken cancellationToken)
    {
        activity?.SetStatus(ActivityStatusCode.Error, reason);
        activity?.SetTag(MessagingAttributes.ErrorType, "dead_lettered");
        logger.LogWarning("Dead-lettering {Position}: {Reason}", raw.TopicPartitionOffset, reason);
        await deadLetters.SendAsync(raw, reason, cancellationToken).ConfigureAwait(false);
    }

    private TimeSpan RetryDelay(int attempt)
    {
        var exponential = options.InitialRetryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var capped = Math.Min(exponential, options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + 0.4 * Random.Shared.NextDouble()));
    }
}
