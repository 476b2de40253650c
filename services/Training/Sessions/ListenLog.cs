using OpenMrs.Contracts.Events;

namespace OpenMrs.Training.Sessions;

/// <summary>One logged play or skip: the track and when it happened (event time, UTC ticks).</summary>
public readonly record struct LoggedListen(string TrackId, long AtTicks, bool Skipped);

/// <summary>
/// The recent plays and skips of every user, in the order the sessions of the sequence model need (likes, saves,
/// dislikes and bans are not listening positions and are not logged). Fed by the interaction recorder after its
/// event-id check, so it is as idempotent as the <see cref="Interactions.InteractionStore"/> and rebuilt by the same
/// replay after a restart. Bounded: the newest <c>playsPerUser</c> listens per user (a ring) and at most
/// <c>maxUsers</c> users; beyond that the tenth least recently active (event time) are evicted at once. Memory: about
/// 16 bytes per logged listen plus the ids (interned once). Thread-safe.
/// </summary>
public sealed class ListenLog
{
    private const double EvictionFraction = 0.1;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, UserListens> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _trackIndex = new(StringComparer.Ordinal);
    private readonly List<string> _trackIds = [];
    private readonly int _perUser;
    private readonly int _maxUsers;

    /// <exception cref="ArgumentOutOfRangeException">A bound below 2 listens or 1 user.</exception>
    public ListenLog(int playsPerUser, int maxUsers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(playsPerUser, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxUsers, 1);
        (_perUser, _maxUsers) = (playsPerUser, maxUsers);
    }

    public int Users
    {
        get { lock (_gate) return _users.Count; }
    }

    /// <summary>Logs a play or a skip (other kinds are ignored); the caller has already dropped duplicates.</summary>
    public void Record(ListenEvent listen)
    {
        if (listen.Kind is not (ListenKind.Play or ListenKind.Skip)) return;
        lock (_gate)
        {
            if (!_trackIndex.TryGetValue(listen.TrackId, out var track))
            {
                _trackIndex[listen.TrackId] = track = _trackIds.Count;
                _trackIds.Add(listen.TrackId);
            }
            if (!_users.TryGetValue(listen.UserId, out var user)) _users[listen.UserId] = user = new UserListens(_perUser);
            user.Add(new Entry(track, listen.OccurredAt.UtcTicks, listen.Kind == ListenKind.Skip));
            if (_users.Count > _maxUsers) EvictLeastRecent();
        }
    }

    /// <summary>A copy of every user's logged listens, users by id (ordinal), each user's in event-time order (ties in arrival order).</summary>
    public IReadOnlyList<IReadOnlyList<LoggedListen>> Export()
    {
        lock (_gate)
            return [.. _users.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).Select(u => (IReadOnlyList<LoggedListen>)[.. u.InTimeOrder().Select(e => new LoggedListen(_trackIds[e.Track], e.AtTicks, e.Skipped))])];
    }

    private void EvictLeastRecent()
    {
        var evict = Math.Max(1, (int)(_users.Count * EvictionFraction));
        foreach (var id in _users.OrderBy(u => u.Value.LatestTicks).Take(evict).Select(u => u.Key).ToList()) _users.Remove(id);
    }

    private readonly record struct Entry(int Track, long AtTicks, bool Skipped);

    private sealed class UserListens(int capacity)
    {
        private readonly Entry[] _ring = new Entry[capacity];
        private int _next;
        private int _count;

        public long LatestTicks { get; private set; } = long.MinValue;

        public void Add(Entry entry)
        {
            _ring[_next] = entry;
            _next = (_next + 1) % _ring.Length;
            _count = Math.Min(_count + 1, _ring.Length);
            LatestTicks = Math.Max(LatestTicks, entry.AtTicks);
        }

        public IEnumerable<Entry> InTimeOrder()
        {
            var start = (_next - _count + _ring.Length) % _ring.Length;
            return Enumerable.Range(0, _count).Select(i => _ring[(start + i) % _ring.Length]).OrderBy(e => e.AtTicks);
        }
    }
}
