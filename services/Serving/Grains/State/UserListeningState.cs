using OpenMrs.Contracts.Events;
using OpenMrs.ModelStore.Formats;
using OpenMrs.Serving.GrainInterfaces.Users;

namespace OpenMrs.Serving.Grains.State;

/// <summary>
/// One user's live listening state, as stored by Orleans grain storage. Every collection is bounded by
/// <see cref="UserStateLimits"/>. <see cref="Apply"/> is the only mutation; it ignores an event id seen recently.
/// </summary>
[GenerateSerializer]
public sealed class UserListeningState
{
    /// <summary>Track ids played or skipped, oldest first.</summary>
    [Id(0)] public List<string> History { get; set; } = [];
    [Id(1)] public Dictionary<string, TrackCounts> Tracks { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public Dictionary<string, DateTimeOffset> Likes { get; set; } = new(StringComparer.Ordinal);
    [Id(3)] public Dictionary<string, DateTimeOffset> Dislikes { get; set; } = new(StringComparer.Ordinal);
    [Id(4)] public Dictionary<string, DateTimeOffset> Bans { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Recent event ids as strings, as states stored before fingerprints hold them; folded into <see cref="RecentEventFingerprints"/> on first use.</summary>
    [Id(5)] public List<string>? RecentEventIds { get; set; }
    [Id(6)] public long StateVersion { get; set; }
    [Id(7)] public long SessionNumber { get; set; }
    [Id(8)] public DateTimeOffset SessionStartedAt { get; set; }
    [Id(9)] public List<string> SessionTracks { get; set; } = [];
    [Id(10)] public DateTimeOffset? LastEventAt { get; set; }
    /// <summary>Fingerprints of the event ids applied recently, oldest first (<see cref="RecentEventWindow"/>).</summary>
    [Id(11)] public List<ulong> RecentEventFingerprints { get; set; } = [];

    [NonSerialized] private HashSet<ulong>? _recentEventIndex;

    /// <summary>Folds one listen in. Returns false (and changes nothing) for a recently seen event id.</summary>
    public bool Apply(ListenEvent listen)
    {
        _recentEventIndex ??= LoadRecentEvents();
        if (!RecentEventWindow.TryAdd(RecentEventFingerprints, _recentEventIndex, RecentEventWindow.Fingerprint(listen.EventId))) return false;

        AdvanceSession(listen);
        ApplyKind(listen);
        StateVersion++;
        return true;
    }

    private HashSet<ulong> LoadRecentEvents()
    {
        if (RecentEventIds is { Count: > 0 } legacy)
            RecentEventFingerprints = [.. legacy.Select(RecentEventWindow.Fingerprint), .. RecentEventFingerprints];
        RecentEventIds = null;
        return [.. RecentEventFingerprints];
    }

    /// <summary>Tracks the user should not be offered again: heard, counted, liked (already known), disliked, banned.</summary>
    public IReadOnlySet<string> KnownTracks()
    {
        var known = new HashSet<string>(History, StringComparer.Ordinal);
        known.UnionWith(Tracks.Keys);
        known.UnionWith(Likes.Keys);
        known.UnionWith(Dislikes.Keys);
        known.UnionWith(Bans.Keys);
        return known;
    }

    /// <summary>Every counted track with its typed feedback, the input of fold-in; disliked and banned tracks are marked excluded.</summary>
    public IEnumerable<(string TrackId, FeedbackCounts Counts)> Feedback() =>
        Tracks.Select(kv => (kv.Key, new FeedbackCounts(kv.Value.Plays, kv.Value.TimedPlays, kv.Value.PlayedMs, kv.Value.Skips,
            kv.Value.Likes, kv.Value.Saves, Dislikes.ContainsKey(kv.Key) || Bans.ContainsKey(kv.Key))));

    /// <summary>Tracks with positive feedback (a play, like or save), most recently touched first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<string> RecentPositive(int limit) =>
        [.. Tracks.Where(kv => (kv.Value.Plays > 0 || kv.Value.Likes > 0 || kv.Value.Saves > 0) && !Dislikes.ContainsKey(kv.Key) && !Bans.ContainsKey(kv.Key))
            .OrderByDescending(kv => kv.Value.LastAt).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(limit).Select(kv => kv.Key)];

    /// <summary>The current session's tracks, most recent first.</summary>
    public IReadOnlyList<string> SessionMostRecentFirst() => Enumerable.Reverse(SessionTracks).ToList();

    /// <summary>Skips per track, for tracks skipped at least once.</summary>
    public IReadOnlyDictionary<string, int> Skips() =>
        Tracks.Where(kv => kv.Value.Skips > 0).ToDictionary(kv => kv.Key, kv => kv.Value.Skips, StringComparer.Ordinal);

    public UserSnapshot ToSnapshot(string userId) => new(
        userId,
        StateVersion,
        Enumerable.Reverse(History).ToList(),
        Tracks.ToDictionary(
            kv => kv.Key,
            kv => new TrackAggregate(kv.Value.Plays, kv.Value.Skips, kv.Value.Likes, kv.Value.Saves, kv.Value.LastAt),
            StringComparer.Ordinal),
        MostRecentFirst(Likes),
        MostRecentFirst(Dislikes),
        MostRecentFirst(Bans),
        SessionNumber == 0 ? null : new SessionSnapshot(SessionNumber, SessionStartedAt, LastEventAt ?? SessionStartedAt, SessionTracks.ToList()),
        LastEventAt);

    private void AdvanceSession(ListenEvent listen)
    {
        var startsSession = LastEventAt is not { } last || listen.OccurredAt - last > UserStateLimits.SessionGap;
        if (startsSession)
        {
            SessionNumber++;
            SessionStartedAt = listen.OccurredAt;
            SessionTracks.Clear();
        }
        // Late events join the current session and never move the clock back.
        if (LastEventAt is null || listen.OccurredAt > LastEventAt) LastEventAt = listen.OccurredAt;
    }

    private void ApplyKind(ListenEvent listen)
    {
        var trackId = listen.TrackId;
        var at = listen.OccurredAt;
        switch (listen.Kind)
        {
            case ListenKind.Play:
                Heard(trackId);
                var counts = Count(trackId, at);
                counts.Plays++;
                if (listen.MsPlayed is { } ms and >= 0)
                {
                    counts.TimedPlays++;
                    counts.PlayedMs += ms;
                }
                break;
            case ListenKind.Skip:
                Heard(trackId);
                Count(trackId, at).Skips++;
                break;
            case ListenKind.Like:
                Dislikes.Remove(trackId);
                Remember(Likes, trackId, at);
                Count(trackId, at).Likes++;
                break;
            case ListenKind.Save:
                Count(trackId, at).Saves++;
                break;
            case ListenKind.Dislike:
                Likes.Remove(trackId);
                Remember(Dislikes, trackId, at);
                break;
            case ListenKind.Ban:
                Likes.Remove(trackId);
                Remember(Bans, trackId, at);
                break;
        }
    }

    private void Heard(string trackId)
    {
        BoundedRecency.AppendBounded(History, trackId, UserStateLimits.HistorySize);
        BoundedRecency.AppendBounded(SessionTracks, trackId, UserStateLimits.SessionTracks);
    }

    private TrackCounts Count(string trackId, DateTimeOffset at)
    {
        if (!Tracks.TryGetValue(trackId, out var counts))
        {
            Tracks[trackId] = counts = new TrackCounts { LastAt = at };
            BoundedRecency.Trim(Tracks, UserStateLimits.TrackAggregates, c => c.LastAt);
        }
        else if (at > counts.LastAt)
        {
            counts.LastAt = at;
        }
        return counts;
    }

    private static void Remember(Dictionary<string, DateTimeOffset> set, string trackId, DateTimeOffset at)
    {
        set[trackId] = at;
        BoundedRecency.Trim(set, UserStateLimits.ExplicitFeedback, t => t);
    }

    private static List<string> MostRecentFirst(Dictionary<string, DateTimeOffset> set) =>
        set.OrderByDescending(kv => kv.Value).Select(kv => kv.Key).ToList();
}
