using Microsoft.Extensions.Options;
using OpenMrs.Messaging.Configuration;
using OpenMrs.Messaging.Embedded;

namespace OpenMrs.Messaging.Backpressure;

/// <summary>
/// Decides whether a topic may take more events now. An edge that accepts faster than the pipeline consumes would
/// otherwise grow the backlog without bound; on the embedded cluster, whose partitions keep a fixed number of bytes,
/// that would end in the broker dropping accepted events nobody has consumed yet. Only consumers running in this
/// process are seen (the all-in-one host); a process with no consumer of the topic always admits.
/// </summary>
public sealed class BacklogAdmission(KafkaEndpoint endpoint, IOptions<KafkaOptions> kafka, IOptions<BacklogOptions> options)
{
    private readonly long _limitBytes = options.Value.MaxLagBytesPerPartition
        ?? (kafka.Value.UsesEmbeddedCluster ? EmbeddedKafkaCluster.RetainedBytesPerPartition / 2 : 0);

    /// <summary>The per-partition lag, in bytes, beyond which publishing is refused; 0 when there is no limit.</summary>
    public long LimitBytes => _limitBytes;

    /// <exception cref="BacklogFullException">
    /// Some consumer group is too far behind on <paramref name="topic"/>, or cannot tell: it failed and is being
    /// rebuilt, or has not reported for <see cref="BacklogOptions.StaleAfter"/>.
    /// </exception>
    public void EnsureRoomFor(string topic)
    {
        if (_limitBytes <= 0 || endpoint.Backlog.Largest(topic) is not { } backlog) return;
        if (backlog.StalledGroups.Count > 0)
            throw new BacklogFullException(topic, $"the consumer of group {string.Join(", ", backlog.StalledGroups)} failed and is restarting.");
        if (backlog.OldestReport > options.Value.StaleAfter)
            throw new BacklogFullException(topic, $"a consumer has not reported its position for {backlog.OldestReport.TotalSeconds:0} s.");
        if (backlog.EstimatedBytes > _limitBytes)
            throw new BacklogFullException(topic,
                $"consumers are {backlog.Messages} messages (about {backlog.EstimatedBytes / 1024} KiB) behind on one partition; the limit is {_limitBytes / 1024} KiB.");
    }
}

/// <summary>Consumers of <see cref="Topic"/> cannot take more now; nothing was published.</summary>
public sealed class BacklogFullException(string topic, string reason)
    : Exception($"'{topic}' takes no more events for now: {reason}")
{
    public string Topic { get; } = topic;
}
