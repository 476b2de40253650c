namespace OpenMrs.Training.Popularity;

/// <summary>
/// The last <c>capacity</c> event ids seen, first in first out. Redelivery after a crash or rebalance replays the
/// uncommitted tail of a partition, so a window per partition larger than that tail makes counting idempotent.
/// </summary>
public sealed class RecentEventIds(int capacity)
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public int Count => _order.Count;

    /// <summary>Remembers <paramref name="eventId"/>; false when it was already among the recent ones.</summary>
    public bool TryAdd(string eventId)
    {
        if (!_ids.Add(eventId)) return false;
        _order.Enqueue(eventId);
        if (_order.Count > capacity) _ids.Remove(_order.Dequeue());
        return true;
    }
}
