namespace OpenMrs.Training.Popularity;

/// <summary>A <see cref="RecentEventIds"/> window per <c>listens</c> partition: what makes a listens consumer idempotent. Not thread-safe.</summary>
public sealed class PartitionedEventIds(int windowPerPartition)
{
    private readonly Dictionary<int, RecentEventIds> _byPartition = [];

    /// <summary>Remembers <paramref name="eventId"/> for <paramref name="partition"/>; false when it was among that partition's recent ones.</summary>
    public bool TryAdd(int partition, string eventId)
    {
        if (!_byPartition.TryGetValue(partition, out var recent))
            _byPartition[partition] = recent = new RecentEventIds(windowPerPartition);
        return recent.TryAdd(eventId);
    }
}
