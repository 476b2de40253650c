using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using OpenMrs.Contracts.Wire;
using OpenMrs.Messaging.Telemetry;

namespace OpenMrs.Messaging.Publishing;

/// <summary>
/// Publishes contract events: value = <see cref="WireFormat"/> JSON, key = UTF-8 string, headers = schema,
/// content type and the W3C context of a "send {topic}" producer span. Completes once every in-sync replica acked.
/// </summary>
public sealed class KafkaEventPublisher(KafkaProducerHost producers) : IEventPublisher
{
    public async Task PublishAsync<T>(string topic, string key, T message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);

        var value = Encode(message);
        using var activity = StartSendActivity(topic, key, value.Length);
        var headers = new Headers
        {
            { WireFormat.SchemaHeader, SchemaHeaderValue<T>.Bytes },
            { WireFormat.ContentTypeHeader, ContentTypeBytes },
        };
        TraceContextHeaders.Inject(headers, activity ?? Activity.Current);

        var kafkaMessage = new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(key), Value = value, Headers = headers };
        try
        {
            var result = await producers.Producer.ProduceAsync(topic, kafkaMessage, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(MessagingAttributes.DestinationPartitionId, result.Partition.Value.ToString());
            activity?.SetTag(MessagingAttributes.KafkaOffset, result.Offset.Value);
            MessagingTelemetry.Published.Add(1, MessagingTelemetry.TopicTag(topic));
        }
        catch (ProduceException<byte[]?, byte[]?> ex)
        {
            throw Failed(activity, topic, key, ex.Error, ex);
        }
        catch (KafkaException ex)
        {
            throw Failed(activity, topic, key, ex.Error, ex);
        }
    }

    // Header values are encoded once; librdkafka copies them into each message, so sharing the arrays is safe.
    private static readonly byte[] ContentTypeBytes = Encoding.UTF8.GetBytes(WireFormat.ContentType);

    private static class SchemaHeaderValue<T>
    {
        public static readonly byte[] Bytes = Encoding.UTF8.GetBytes(WireFormat.SchemaOf<T>());
    }

    private static byte[] Encode<T>(T message)
    {
        try
        {
            return WireFormat.Serialize(message);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException)
        {
            throw new ArgumentException($"{typeof(T).Name} cannot be encoded as {WireFormat.SchemaOf<T>()}: {ex.Message}", nameof(message), ex);
        }
    }

    private static Activity? StartSendActivity(string topic, string key, int bodySize)
    {
        var activity = MessagingTelemetry.Source.StartActivity($"{MessagingAttributes.Send} {topic}", ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(MessagingAttributes.System, MessagingAttributes.SystemKafka);
            activity.SetTag(MessagingAttributes.DestinationName, topic);
            activity.SetTag(MessagingAttributes.OperationType, MessagingAttributes.Send);
            activity.SetTag(MessagingAttributes.OperationName, MessagingAttributes.Send);
            activity.SetTag(MessagingAttributes.KafkaMessageKey, key);
            activity.SetTag(MessagingAttributes.MessageBodySize, bodySize);
        }
        return activity;
    }

    private static PublishException Failed(Activity? activity, string topic, string key, Error error, Exception inner)
    {
        activity?.SetStatus(ActivityStatusCode.Error, error.Reason);
        activity?.SetTag(MessagingAttributes.ErrorType, error.Code.ToString());
        MessagingTelemetry.PublishFailed.Add(1, MessagingTelemetry.TopicTag(topic));
        return new PublishException(
            $"Kafka did not acknowledge the write to topic '{topic}' (key '{key}'): {error.Code}: {error.Reason}", inner);
    }
}
