using OpenMrs.Contracts.Events;
using OpenMrs.Training.Popularity;

namespace OpenMrs.Training.Interactions;

/// <summary>
/// Every (user, track) interaction of the <c>listens</c> stream inside the retention window, as typed feedback
/// counts: the training data of the personal models. Idempotent by event id (a window per partition, as
/// <see cref="PopularityCounter"/>). Bounded two ways, both in event time:
/// <list type="bullet">
/// <item>interactions not touched within <c>window</c> of the newest event are dropped (at export and when full);</item>
/// <item>at most <c>maxInteractions</c>; beyond it the least recently touched tenth is evicted at once.</item>
/// </list>
/// Not persisted: after a restart the service replays <c>listens</c> from the earliest retained offset (see the
/// Training README, "Restarts"), which rebuilds exactly the same store. Thread-safe.
/// </summary>
public sealed class InteractionStore
{
    private const double EvictionFraction = 0.1;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _userIndex = new(StringComparer.Ordinal);
    private readonly List<string> _userIds = [];
    private readonly Dictionary<string, int> _trackIndex = new(StringComparer.Ordinal);
    private readonly List<string> _trackIds = [];
    private readonly Dictionary<long, InteractionCell> _cells = [];
    private readonly PartitionedEventIds _recentEventIds;
    private readonly long _windowTicks;
    private readonly int _maxInteractions;
    private long _latestTicks;

    public InteractionStore(TimeSpan window, int maxInteractions, int dedupWindowPerPartition)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInteractions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dedupWindowPerPartition, 1);
        _windowTicks = window.Ticks;
        _maxInteractions = maxInteractions;
        _recentEventIds = new PartitionedEventIds(dedupWindowPerPartition);
    }

    /// <summary>Events applied so far (duplicates excluded); a trainer compares it to decide whether to retrain.</summary>
    public long Version { get; private set; }

    public long Duplicates { get; private set; }

    public int Count
    {
        get { lock (_gate) return _cells.Count; }
    }

    /// <summary>Folds a listen in unless its event id was recently seen on <paramref name="partition"/>.</summary>
    /// <returns>False for a duplicate, which changes nothing.</returns>
    public bool Apply(ListenEvent listen, int partition)
    {
        lock (_gate)
        {
            if (!_recentEventIds.TryAdd(partition, listen.EventId))
            {
                Duplicates++;
                return false;
            }
            var at = listen.OccurredAt.UtcTicks;
            if (at > _latestTicks) _latestTicks = at;
            var key = Key(IndexOf(_userIndex, _userIds, listen.UserId), IndexOf(_trackIndex, _trackIds, listen.TrackId));
            ref var cell = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_cells, key, out var existed);
            if (!existed) cell.FirstAtTicks = at;
            else if (at < cell.FirstAtTicks) cell.FirstAtTicks = at;
            if (at > cell.LastAtTicks) cell.LastAtTicks = at;
            Record(ref cell, listen);
            Version++;
            if (_cells.Count > _maxInteractions) EvictLeastRecent();
            return true;
        }
    }

    /// <summary>Every interaction inside the window, in a deterministic order (user, then track, by first sight).</summary>
    public IReadOnlyList<Interaction> Export()
    {
        lock (_gate)
        {
            var horizon = _latestTicks - _windowTicks;
            var result = new List<Interaction>(_cells.Count);
            foreach (var (key, cell) in _cells.OrderBy(kv => kv.Key))
            {
                if (cell.LastAtTicks < horizon) continue;
                result.Add(new Interaction(
                    _userIds[(int)(key >> 32)], _trackIds[(int)(key & 0xFFFF_FFFF)], cell.Counts,
                    new DateTimeOffset(cell.FirstAtTicks, TimeSpan.Zero), new DateTimeOffset(cell.LastAtTicks, TimeSpan.Zero)));
            }
            return result;
        }
    }

    private static void Record(ref InteractionCell cell, ListenEvent listen)
    {
        switch (listen.Kind)
        {
            case ListenKind.Play:
                cell.Plays++;
                if (listen.MsPlayed is { } ms and >= 0)
                {
                    cell.TimedPlays++;
                    cell.PlayedMs += ms;
                }
                break;
            case ListenKind.Skip: cell.Skips++; break;
            case ListenKind.Like: cell.Likes++; cell.Excluded = false; break;
            case ListenKind.Save: cell.Saves++; break;
            case ListenKind.Dislike:
            case ListenKind.Ban:
                cell.Excluded = true;
                break;
        }
    }

    private void EvictLeastRecent()
    {
        var target = _maxInteractions - (int)(_maxInteractions * EvictionFraction);
        foreach (var key in _cells.OrderBy(kv => kv.Value.LastAtTicks).ThenBy(kv => kv.Key).Take(_cells.Count - target).Select(kv => kv.Key).ToList())
            _cells.Remove(key);
    }

    private static long Key(int user, int track) => ((long)user << 32) | (uint)track;

    private static int IndexOf(Dictionary<string, int> index, List<string> ids, string id)
    {
        if (index.TryGetValue(id, out var i)) return i;
        i = ids.Count;
        ids.Add(id);
        index.Add(id, i);
        return i;
    }
}
