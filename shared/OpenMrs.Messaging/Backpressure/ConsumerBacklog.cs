using System.Collections.Concurrent;

namespace OpenMrs.Messaging.Backpressure;

/// <summary>
/// How far this process's consumers are behind the end of each partition they own, in messages and, estimated from
/// the sizes they consume, in bytes. Consumers report when a round starts and while it runs (every 200 ms); a consumer
/// that failed and is being rebuilt is marked stalled. Publishers consult it before accepting more
/// (<see cref="BacklogAdmission"/>).
/// </summary>
public sealed class ConsumerBacklog(TimeProvider? time = null)
{
    /// <summary>Record framing a broker stores per message beyond key, value and headers (offset delta, lengths, ...).</summary>
    private const int RecordOverheadBytes = 24;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<(string Topic, string Group, int Partition), LagReport> _lags = new();
    private readonly ConcurrentDictionary<(string Topic, string Group), bool> _stalled = new();
    private readonly ConcurrentDictionary<string, MessageSizes> _sizes = new(StringComparer.Ordinal);

    /// <summary>The consumer of <paramref name="group"/> is <paramref name="lagMessages"/> messages behind on this partition.</summary>
    public void ReportLag(string topic, string group, int partition, long lagMessages)
    {
        _lags[(topic, group, partition)] = new LagReport(Math.Max(0, lagMessages), _time.GetUtcNow());
        _stalled.TryRemove((topic, group), out _);
    }

    /// <summary>The group no longer owns these partitions: their lag is another consumer's to report.</summary>
    public void Forget(string topic, string group, IEnumerable<int> partitions)
    {
        foreach (var partition in partitions) _lags.TryRemove((topic, group, partition), out _);
    }

    /// <summary>The group's consumer in this process failed and is being rebuilt: it consumes nothing until it reports again.</summary>
    public void Stalled(string topic, string group) => _stalled[(topic, group)] = true;

    /// <summary>A consumer took <paramref name="messages"/> messages of <paramref name="bytes"/> bytes (key, value, headers) from the topic.</summary>
    public void ObserveSizes(string topic, int messages, long bytes)
    {
        if (messages <= 0) return;
        _sizes.AddOrUpdate(topic, _ => new MessageSizes(messages, bytes + (long)messages * RecordOverheadBytes),
            (_, sizes) => sizes.Add(messages, bytes + (long)messages * RecordOverheadBytes));
    }

    /// <summary>
    /// The most any one consumer group is behind on any one partition of the topic, with the age of the oldest report
    /// and the groups marked stalled; null when nothing was reported.
    /// </summary>
    public BacklogFigure? Largest(string topic)
    {
        long largest = -1;
        var oldest = DateTimeOffset.MaxValue;
        foreach (var ((lagTopic, _, _), report) in _lags)
        {
            if (lagTopic != topic) continue;
            if (report.Messages > largest) largest = report.Messages;
            if (report.At < oldest) oldest = report.At;
        }
        var stalled = _stalled.Keys.Where(k => k.Topic == topic).Select(k => k.Group).Order(StringComparer.Ordinal).ToList();
        if (largest < 0 && stalled.Count == 0) return null;
        var averageBytes = _sizes.TryGetValue(topic, out var sizes) ? sizes.AverageBytes : 0;
        var age = largest < 0 ? TimeSpan.Zero : _time.GetUtcNow() - oldest;
        return new BacklogFigure(Math.Max(0, largest), (long)(Math.Max(0, largest) * averageBytes), age, stalled);
    }

    private readonly record struct LagReport(long Messages, DateTimeOffset At);

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
/// <param name="OldestReport">How old the oldest partition report is: a consumer stuck outside its loop stops reporting.</param>
/// <param name="StalledGroups">Groups whose consumer failed and is being rebuilt.</param>
public sealed record BacklogFigure(long Messages, long EstimatedBytes, TimeSpan OldestReport, IReadOnlyList<string> StalledGroups);
