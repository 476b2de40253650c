using System.Collections.Concurrent;

namespace OpenMrs.Messaging.Backpressure;

/// <summary>
/// How far this process's consumers are behind the end of each partition they own, in messages and, estimated from
/// the sizes they consume, in bytes. The consumers report after each round; publishers consult it before accepting
/// more (see <see cref="BacklogAdmission"/>).
/// </summary>
public sealed class ConsumerBacklog
{
    /// <summary>Record framing a broker stores per message beyond key, value and headers (offset delta, lengths, ...).</summary>
    private const int RecordOverheadBytes = 24;

    private readonly ConcurrentDictionary<(string Topic, string Group, int Partition), long> _lagMessages = new();
    private readonly ConcurrentDictionary<string, MessageSizes> _sizes = new(StringComparer.Ordinal);

    /// <summary>The consumer of <paramref name="group"/> is <paramref name="lagMessages"/> messages behind on this partition.</summary>
    public void ReportLag(string topic, string group, int partition, long lagMessages) =>
        _lagMessages[(topic, group, partition)] = Math.Max(0, lagMessages);

    /// <summary>The group no longer owns these partitions: their lag is another consumer's to report.</summary>
    public void Forget(string topic, string group, IEnumerable<int> partitions)
    {
        foreach (var partition in partitions) _lagMessages.TryRemove((topic, group, partition), out _);
    }

    /// <summary>A consumer took <paramref name="messages"/> messages of <paramref name="bytes"/> bytes (key, value, headers) from the topic.</summary>
    public void ObserveSizes(string topic, int messages, long bytes)
    {
        if (messages <= 0) return;
        _sizes.AddOrUpdate(topic, _ => new MessageSizes(messages, bytes + (long)messages * RecordOverheadBytes),
            (_, sizes) => sizes.Add(messages, bytes + (long)messages * RecordOverheadBytes));
    }

    /// <summary>The most any one consumer group is behind on any one partition of the topic, or null when nothing was reported.</summary>
    public BacklogFigure? Largest(string topic)
    {
        long largest = -1;
        foreach (var ((lagTopic, _, _), lag) in _lagMessages)
        {
            if (lagTopic == topic && lag > largest) largest = lag;
        }
        if (largest < 0) return null;
        var averageBytes = _sizes.TryGetValue(topic, out var sizes) ? sizes.AverageBytes : 0;
        return new BacklogFigure(largest, (long)(largest * averageBytes));
    }

    /// <summary>Sizes of recent messages, forgetting old ones geometrically so a change of message shape shows.</summary>
    private sealed record MessageSizes(double Messages, double Bytes)
    {
        private const double Window = 100_000;

        public double AverageBytes => Messages > 0 ? Bytes / Messages : 0;

        public MessageSizes Add(int messages, long bytes)
        {
            var keep = Messages + messages > Window ? Window / (Messages + messages) : 1.0;
            return new MessageSizes((Messages + messages) * keep, (Bytes + bytes) * keep);
        }
    }
}

/// <param name="Messages">Messages between the consumer's position and the partition's end.</param>
/// <param name="EstimatedBytes">Those messages' size as the broker stores them, estimated from the sizes consumed so far.</param>
public readonly record struct BacklogFigure(long Messages, long EstimatedBytes);
