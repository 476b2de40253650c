using System.Globalization;
using Confluent.Kafka;
using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Messaging.Publishing;
using OpenMrs.Messaging.Telemetry;

namespace OpenMrs.Messaging.Consuming;

/// <summary>
/// Writes a message that cannot be processed to <c>topic.dlq</c>: same key, value and headers (trace context
/// included), plus <see cref="DeadLetterHeaders"/> saying why and where from. Completes once the broker acked.
/// </summary>
public sealed class DeadLetterPublisher(KafkaProducerHost producers)
{
    public async Task SendAsync(ConsumeResult<byte[]?, byte[]?> failed, string reason, CancellationToken cancellationToken)
    {
        var headers = new Headers();
        if (failed.Message.Headers is not null)
        {
            foreach (var header in failed.Message.Headers) headers.Add(header.Key, header.GetValueBytes());
        }
        headers.AddString(DeadLetterHeaders.Reason, reason);
        headers.AddString(DeadLetterHeaders.SourceTopic, failed.Topic);
        headers.AddString(DeadLetterHeaders.SourcePartition, failed.Partition.Value.ToString(CultureInfo.InvariantCulture));
        headers.AddString(DeadLetterHeaders.SourceOffset, failed.Offset.Value.ToString(CultureInfo.InvariantCulture));
        headers.AddString(DeadLetterHeaders.FailedAt, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));

        var deadLetterTopic = Topics.DeadLetterOf(failed.Topic);
        var message = new Message<byte[]?, byte[]?> { Key = failed.Message.Key, Value = failed.Message.Value, Headers = headers };
        try
        {
            await producers.Producer.ProduceAsync(deadLetterTopic, message, cancellationToken).ConfigureAwait(false);
        }
        catch (KafkaException ex)
        {
            throw new PublishException($"Kafka did not acknowledge the dead letter for {failed.TopicPartitionOffset} on '{deadLetterTopic}': {ex.Error.Reason}", ex);
        }
        MessagingTelemetry.DeadLettered.Add(1, MessagingTelemetry.TopicTag(failed.Topic));
    }
}
