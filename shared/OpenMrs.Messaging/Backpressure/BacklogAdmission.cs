using Microsoft.Extensions.Options;
using OpenMrs.Messaging.Configuration;
using OpenMrs.Messaging.Embedded;

namespace OpenMrs.Messaging.Backpressure;

/// <summary>
/// Decides whether a topic may take more events now. An edge that accepts faster than the pipeline consumes would
/// otherwise grow the backlog without bound; on the embedded cluster, whose partitions keep a fixed number of bytes,
/// that would end in the broker dropping accepted events nobody has consumed yet.
/// </summary>
public sealed class BacklogAdmission(KafkaEndpoint endpoint, IOptions<KafkaOptions> kafka, IOptions<BacklogOptions> options)
{
    private readonly long _limitBytes = options.Value.MaxLagBytesPerPartition
        ?? (kafka.Value.UsesEmbeddedCluster ? EmbeddedKafkaCluster.RetainedBytesPerPartition / 2 : 0);

    /// <summary>The per-partition lag, in bytes, beyond which publishing is refused; 0 when there is no limit.</summary>
    public long LimitBytes => _limitBytes;

    /// <exception cref="BacklogFullException">Some consumer group is too far behind on <paramref name="topic"/>.</exception>
    public void EnsureRoomFor(string topic)
    {
        if (_limitBytes <= 0) return;
        if (endpoint.Backlog.Largest(topic) is { } backlog && backlog.EstimatedBytes > _limitBytes)
            throw new BacklogFullException(topic, backlog, _limitBytes);
    }
}

/// <summary>Consumers of <see cref="Topic"/> are too far behind for it to take more now; nothing was published.</summary>
public sealed class BacklogFullException(string topic, BacklogFigure backlog, long limitBytes)
    : Exception($"Consumers of '{topic}' are {backlog.Messages} messages (about {backlog.EstimatedBytes / 1024} KiB) behind on one partition; " +
                $"the limit is {limitBytes / 1024} KiB.")
{
    public string Topic { get; } = topic;

    public BacklogFigure Backlog { get; } = backlog;
}
