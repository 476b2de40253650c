using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using OpenMrs.Messaging.Backpressure;
using OpenMrs.Messaging.Telemetry;

namespace OpenMrs.Messaging.Consuming;

/// <summary>
/// Tells <see cref="ConsumerBacklog"/> how far one consumer is behind on each partition it owns, and the sizes of the
/// messages it takes. Messages of the round in progress count as not consumed yet. Everything comes from the client's
/// local state (watermarks from the last fetch, positions), so a report costs no broker round trip.
/// </summary>
internal sealed class BacklogReporter(ConsumerBacklog backlog, string topic, string groupId, ILogger logger)
{
    /// <summary>Publishers decide on these reports, so they are kept fresher than the commit interval.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private Dictionary<int, long> _roundStart = [];
    private DateTime _nextReport = DateTime.UtcNow;

    /// <summary>A new round was polled: remembers where it starts per partition and observes its message sizes.</summary>
    public void StartRound(List<ConsumeResult<byte[]?, byte[]?>> round)
    {
        long bytes = 0;
        var start = new Dictionary<int, long>();
        foreach (var message in round)
        {
            bytes += (message.Message.Key?.Length ?? 0) + (message.Message.Value?.Length ?? 0) + HeaderBytes(message.Message.Headers);
            start.TryAdd(message.Partition.Value, message.Offset.Value);
        }
        backlog.ObserveSizes(topic, round.Count, bytes);
        _roundStart = start;
    }

    /// <summary>Reports unless the last report is younger than <see cref="Interval"/>.</summary>
    public void ReportIfDue(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (DateTime.UtcNow < _nextReport) return;
        Report(consumer);
    }

    public void Report(IConsumer<byte[]?, byte[]?> consumer)
    {
        _nextReport = DateTime.UtcNow + Interval;
        try
        {
            long total = 0;
            foreach (var partition in consumer.Assignment)
            {
                var high = consumer.GetWatermarkOffsets(partition).High;
                var position = _roundStart.TryGetValue(partition.Partition.Value, out var first) ? first : consumer.Position(partition).Value;
                if (high == Offset.Unset || position < 0) continue;
                var lag = Math.Max(0, high.Value - position);
                backlog.ReportLag(topic, groupId, partition.Partition.Value, lag);
                total += lag;
            }
            MessagingTelemetry.ReportLag(topic, groupId, total);
        }
        catch (Exception ex)
        {
            // Best effort: processing must go on. Unreported lag turns stale, and publishers then hold back.
            logger.LogDebug(ex, "Lag of {Topic} (group {Group}) could not be read", topic, groupId);
        }
    }

    /// <summary>The consumer failed and is being rebuilt: until it reports again, its lag is unknown.</summary>
    public void Stalled() => backlog.Stalled(topic, groupId);

    /// <summary>The partitions were taken away: their lag is their new owner's to report.</summary>
    public void Revoked(IEnumerable<TopicPartitionOffset> partitions) =>
        backlog.Forget(topic, groupId, partitions.Select(p => p.Partition.Value));

    private static int HeaderBytes(Headers? headers)
    {
        if (headers is null) return 0;
        var bytes = 0;
        foreach (var header in headers) bytes += header.Key.Length + (header.GetValueBytes()?.Length ?? 0);
        return bytes;
    }
}
