using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using OpenMrs.Messaging.Telemetry;

namespace OpenMrs.Messaging.Consuming;

/// <summary>The "process {topic}" consumer spans: one per message, or one per key group of a batch handler.</summary>
internal static class ProcessSpans
{
    /// <summary>A span whose parent is the producer's context from the message headers.</summary>
    public static Activity? StartForMessage(ConsumeResult<byte[]?, byte[]?> raw, string key, string groupId)
    {
        if (!MessagingTelemetry.Source.HasListeners()) return null;
        TraceContextHeaders.TryExtract(raw.Message.Headers, out var parent);
        var activity = MessagingTelemetry.Source.StartActivity($"{MessagingAttributes.Process} {raw.Topic}", ActivityKind.Consumer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            SetCommonTags(activity, raw, key, groupId);
            activity.SetTag(MessagingAttributes.KafkaOffset, raw.Offset.Value);
            activity.SetTag(MessagingAttributes.MessageBodySize, raw.Message.Value?.Length ?? 0);
        }
        return activity;
    }

    /// <summary>
    /// One span for messages handled in one call: its parent is the first message's producer context (so that trace
    /// runs on through the handler) and it links to the producer contexts of the others.
    /// </summary>
    public static Activity? StartForGroup(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> messages, string key, string groupId)
    {
        if (messages.Count == 1) return StartForMessage(messages[0], key, groupId);
        var first = messages[0];
        if (!MessagingTelemetry.Source.HasListeners()) return null;
        TraceContextHeaders.TryExtract(first.Message.Headers, out var parent);
        var links = new List<ActivityLink>(messages.Count - 1);
        for (var i = 1; i < messages.Count; i++)
        {
            if (TraceContextHeaders.TryExtract(messages[i].Message.Headers, out var other)) links.Add(new ActivityLink(other));
        }
        var activity = MessagingTelemetry.Source.StartActivity(
            ActivityKind.Consumer, parent, links: links, name: $"{MessagingAttributes.Process} {first.Topic}");
        if (activity is { IsAllDataRequested: true })
        {
            SetCommonTags(activity, first, key, groupId);
            activity.SetTag(MessagingAttributes.KafkaOffset, first.Offset.Value);
            activity.SetTag(MessagingAttributes.BatchMessageCount, messages.Count);
        }
        return activity;
    }

    private static void SetCommonTags(Activity activity, ConsumeResult<byte[]?, byte[]?> raw, string key, string groupId)
    {
        activity.SetTag(MessagingAttributes.System, MessagingAttributes.SystemKafka);
        activity.SetTag(MessagingAttributes.DestinationName, raw.Topic);
        activity.SetTag(MessagingAttributes.OperationType, MessagingAttributes.Process);
        activity.SetTag(MessagingAttributes.OperationName, MessagingAttributes.Process);
        activity.SetTag(MessagingAttributes.ConsumerGroupName, groupId);
        activity.SetTag(MessagingAttributes.DestinationPartitionId, raw.Partition.Value.ToString(CultureInfo.InvariantCulture));
        activity.SetTag(MessagingAttributes.KafkaMessageKey, key);
    }
}
