using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using OpenMrs.Messaging.Telemetry;

namespace OpenMrs.Messaging.Consuming;

/// <summary>
/// Takes one key group to its end through an <see cref="IEventBatchHandler{T}"/>: undecodable messages are
/// dead-lettered, the rest handled in one call inside one "process" span. A failure that names its message
/// dead-letters that one and goes on with the rest; any other failure falls back to one message at a time with the
/// single-message retries of <see cref="EventMessageProcessor{T}"/>, so only the culprit is dead-lettered.
/// </summary>
internal sealed class EventBatchProcessor<T>(string groupId, EventMessageProcessor<T> single, ILogger logger)
{
    public async Task ProcessAsync(KeyGroup group, IEventBatchHandler<T> handler, CancellationToken cancellationToken)
    {
        var positions = new List<int>(group.Messages.Count);
        var events = new List<ConsumedEvent<T>>(group.Messages.Count);
        for (var position = 0; position < group.Messages.Count; position++)
        {
            var raw = group.Messages[position];
            if (single.TryDecode(raw, out var value, out var decodeError))
            {
                positions.Add(position);
                events.Add(EventMessageProcessor<T>.ToEvent(raw, group.Key, value));
                continue;
            }
            await single.DeadLetterInOwnSpanAsync(raw, group.Key, decodeError, cancellationToken).ConfigureAwait(false);
            group.MarkDone(position);
        }
        if (events.Count == 0) return;

        var topicTag = MessagingTelemetry.TopicTag(group.Messages[0].Topic);
        var start = 0;
        while (start < events.Count)
        {
            if (events.Count - start == 1)
            {
                // A list of one is exactly the single-message case: its retries then count every attempt.
                await OneAtATimeAsync(group, positions, start, handler, cancellationToken).ConfigureAwait(false);
                return;
            }
            var pending = start == 0 ? events : events.GetRange(start, events.Count - start);
            var started = Stopwatch.GetTimestamp();
            try
            {
                using (ProcessSpans.StartForGroup(Messages(group, positions, start), group.Key, groupId))
                {
                    await handler.HandleBatchAsync(pending, cancellationToken).ConfigureAwait(false);
                }
                Finished(group, positions, start, pending.Count, topicTag, started);
                return;
            }
            catch (PermanentEventFailure failure) when (failure.MessageIndex is { } index && index < pending.Count)
            {
                Finished(group, positions, start, index, topicTag, started);
                var failed = positions[start + index];
                await single.DeadLetterInOwnSpanAsync(group.Messages[failed], group.Key, $"permanent failure: {failure.Message}", cancellationToken)
                    .ConfigureAwait(false);
                group.MarkDone(failed);
                start += index + 1;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Batch handler failed on {Count} messages of key {Key} from {Position}; processing them one at a time",
                    pending.Count, group.Key, group.Messages[positions[start]].TopicPartitionOffset);
                await OneAtATimeAsync(group, positions, start, handler, cancellationToken).ConfigureAwait(false);
                return;
            }
        }
    }

    private async Task OneAtATimeAsync(KeyGroup group, List<int> positions, int start, IEventBatchHandler<T> handler, CancellationToken cancellationToken)
    {
        var asSingle = new SingleMessageAdapter(handler);
        for (var i = start; i < positions.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await single.ProcessAsync(group.Messages[positions[i]], group.Key, asSingle, cancellationToken).ConfigureAwait(false);
            group.MarkDone(positions[i]);
        }
    }

    private static void Finished(KeyGroup group, List<int> positions, int start, int count, KeyValuePair<string, object?> topicTag, long started)
    {
        for (var i = start; i < start + count; i++) group.MarkDone(positions[i]);
        if (count == 0) return;
        MessagingTelemetry.Consumed.Add(count, topicTag);
        MessagingTelemetry.BatchHandlerDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, topicTag);
    }

    private static IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> Messages(KeyGroup group, List<int> positions, int start)
    {
        if (start == 0 && positions.Count == group.Messages.Count) return group.Messages;
        var messages = new List<ConsumeResult<byte[]?, byte[]?>>(positions.Count - start);
        for (var i = start; i < positions.Count; i++) messages.Add(group.Messages[positions[i]]);
        return messages;
    }

    /// <summary>Calls the batch handler with one message; a failure naming that message becomes a plain permanent failure.</summary>
    private sealed class SingleMessageAdapter(IEventBatchHandler<T> handler) : IEventHandler<T>
    {
        public async Task HandleAsync(ConsumedEvent<T> message, CancellationToken cancellationToken)
        {
            try
            {
                await handler.HandleBatchAsync([message], cancellationToken).ConfigureAwait(false);
            }
            catch (PermanentEventFailure failure) when (failure.MessageIndex is not null)
            {
                throw new PermanentEventFailure(failure.Message, failure.InnerException);
            }
        }
    }
}
