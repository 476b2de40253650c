namespace OpenMrs.Messaging.Backpressure;

/// <summary>The <c>Kafka:Backpressure</c> section: when publishers stop accepting because consumers are too far behind.</summary>
public sealed class BacklogOptions
{
    public const string SectionName = "Kafka:Backpressure";

    /// <summary>
    /// Refuse new events for a topic while some consumer group is more than this many bytes behind on one of its
    /// partitions. Unset: half of what the embedded cluster retains per partition when it is in use (its log drops the
    /// oldest data beyond that, consumed or not), and no limit against a real cluster, whose retention is the
    /// operator's. 0 turns the check off.
    /// </summary>
    public long? MaxLagBytesPerPartition { get; set; }

    /// <summary>
    /// A consumer that has not reported for this long is taken to be stuck, and publishing is refused until it reports
    /// again (consumers report every 200 ms, also during long rounds).
    /// </summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(15);
}
