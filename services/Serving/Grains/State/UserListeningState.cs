using System.Buffers;
using System.Collections.ObjectModel;
using OpenMrs.Contracts.Events;
using OpenMrs.ModelStore.Formats;
using OpenMrs.Serving.GrainInterfaces.Users;

namespace OpenMrs.Serving.Grains.State;

/// <summary>
/// One user's live listening state, as stored by Orleans grain storage. Every collection is bounded by
/// <see cref="UserStateLimits"/>. <see cref="Apply"/> is the only mutation; it ignores an event id seen recently.
/// Sequences follow event time, not arrival: a late event is placed where it happened in the history and the
/// sessions (see the Timeline part of this class), and explicit feedback never lets an older event override a newer one.
/// </summary>
[GenerateSerializer]
public sealed partial class UserListeningState
{
    /// <summary>Track ids played or skipped, oldest first by event time (same-instant events by event-id fingerprint).</summary>
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
    /// <summary>The current session's plays and skips in event-time order (derived from <see cref="History"/>).</summary>
    [Id(9)] public List<string> SessionTracks { get; set; } = [];
    [Id(10)] public DateTimeOffset? LastEventAt { get; set; }
    /// <summary>Fingerprints of the event ids applied recently, oldest first (<see cref="RecentEventWindow"/>).</summary>
    [Id(11)] public List<ulong> RecentEventFingerprints { get; set; } = [];

    [NonSerialized] private HashSet<ulong>? _recentEventIndex;

    /// <summary>Folds one listen in. Returns false (and changes nothing) for a recently seen event id.</summary>
    public bool Apply(ListenEvent listen)
    {
        _recentEventIndex ??= LoadRecentEvents();
        var eventKey = RecentEventWindow.Fingerprint(listen.EventId);
        if (!RecentEventWindow.TryAdd(RecentEventFingerprints, _recentEventIndex, eventKey)) return false;

        RecordActivity(listen.OccurredAt.UtcTicks);
        ApplyKind(listen, eventKey);
        RefreshSession();
        if (LastEventAt is null || listen.OccurredAt > LastEventAt) LastEventAt = listen.OccurredAt;
        StateVersion++;
        return true;
    }

    /// <summary>Loads what earlier versions stored differently: event ids as strings, history without times.</summary>
    private HashSet<ulong> LoadRecentEvents()
    {
        if (RecentEventIds is { Count: > 0 } legacy)
            RecentEventFingerprints = [.. legacy.Select(RecentEventWindow.Fingerprint), .. RecentEventFingerprints];
        RecentEventIds = null;
        AlignLegacyTimeline();
        return [.. RecentEventFingerprints];
    }

    /// <summary>Tracks the user should not be offered again: heard, counted, liked (already known), disliked, banned.</summary>
    /// <param name="heardWithin">Only plays and skips this recent (event time, before the user's last event) count as heard; null = ever.</param>
    public IReadOnlySet<string> KnownTracks(TimeSpan? heardWithin = null)
    {
        HashSet<string> known;
        if (heardWithin is { } window && LastEventAt is { } last)
            known = Tracks.Where(kv => kv.Value.LastAt >= last - window).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
        else
        {
            known = new HashSet<string>(History, StringComparer.Ordinal);
            AddKeys(known, Tracks);
        }
        AddKeys(known, Likes);
        AddKeys(known, Dislikes);
        AddKeys(known, Bans);
        return known;
    }

    /// <summary>
    /// Adds <paramref name="source"/>'s keys by enumerating its entries. Not through <c>Keys</c>: a dictionary creates its
    /// key collection on first use and keeps it, so a user's first read wrote a new object into each of their old maps,
    /// which every following young-generation collection had to trace (four per user on a miss run's first reads).
    /// </summary>
    internal static HashSet<string> AddKeys<T>(HashSet<string> set, Dictionary<string, T> source)
    {
        foreach (var (key, _) in source) set.Add(key);
        return set;
    }

    /// <summary>Every counted track with its typed feedback, the input of fold-in; disliked and banned tracks are marked excluded.</summary>
    public IEnumerable<(string TrackId, FeedbackCounts Counts)> Feedback() => Tracks.Select(kv => (kv.Key, FeedbackOf(kv.Key, kv.Value)));

    /// <summary>One track's entry of <see cref="Feedback"/>; null when the track is not counted.</summary>
    public FeedbackCounts? FeedbackFor(string trackId) => Tracks.TryGetValue(trackId, out var counts) ? FeedbackOf(trackId, counts) : null;

    private FeedbackCounts FeedbackOf(string trackId, TrackCounts c) =>
        new(c.Plays, c.TimedPlays, c.PlayedMs, c.Skips, c.Likes, c.Saves, Rejected(trackId));

    /// <summary>True for a track the user disliked or banned: never evidence, never offered.</summary>
    private bool Rejected(string trackId) => Dislikes.ContainsKey(trackId) || Bans.ContainsKey(trackId);

    /// <summary>
    /// Whether applying <paramref name="events"/> more events could evict entries that <see cref="Feedback"/> reads
    /// (track aggregates, dislikes, bans): only then can the feedback of tracks other than the events' own change.
    /// </summary>
    public bool CouldEvict(int events) =>
        Tracks.Count + events > UserStateLimits.TrackAggregates
        || Dislikes.Count + events > UserStateLimits.ExplicitFeedback
        || Bans.Count + events > UserStateLimits.ExplicitFeedback;

    /// <summary>Tracks with positive feedback (a play, like or save), most recently touched first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<string> RecentPositive(int limit)
    {
        if (limit <= 0 || Tracks.Count == 0) return [];
        var positive = ArrayPool<Touched>.Shared.Rent(Tracks.Count);
        try
        {
            var found = 0;
            foreach (var (track, c) in Tracks)
                if ((c.Plays > 0 || c.Likes > 0 || c.Saves > 0) && !Rejected(track)) positive[found++] = new Touched(c.LastAt.UtcTicks, track);
            var newest = positive.AsSpan(0, found);
            newest.Sort();
            var recent = new string[Math.Min(limit, found)];
            for (var i = 0; i < recent.Length; i++) recent[i] = newest[i].Track;
            return recent;
        }
        finally
        {
            ArrayPool<Touched>.Shared.Return(positive, clearArray: true);
        }
    }

    /// <summary>A track and when it was last touched; sorts most recent first, then by track id (ordinal).</summary>
    private readonly record struct Touched(long UtcTicks, string Track) : IComparable<Touched>
    {
        public int CompareTo(Touched other) =>
            other.UtcTicks.CompareTo(UtcTicks) is var byTime and not 0 ? byTime : string.CompareOrdinal(Track, other.Track);
    }

    /// <summary>
    /// The current session's tracks the user engaged with, most recent first, each once: played more often than skipped,
    /// liked or saved, and neither disliked nor banned. A skipped or rejected track is no evidence of what to play next.
    /// </summary>
    public IReadOnlyList<string> SessionPositiveMostRecentFirst()
    {
        var positive = new List<string>(SessionTracks.Count);
        for (var i = SessionTracks.Count - 1; i >= 0; i--)
        {
            var track = SessionTracks[i];
            if (Tracks.TryGetValue(track, out var c) && (c.Plays > c.Skips || c.Likes > 0 || c.Saves > 0)
                && !Rejected(track) && !positive.Contains(track))
                positive.Add(track);
        }
        return positive;
    }

    /// <summary>Skips per track, for tracks skipped at least once.</summary>
    public IReadOnlyDictionary<string, int> Skips()
    {
        Dictionary<string, int>? skips = null;
        foreach (var (track, c) in Tracks)
            if (c.Skips > 0) (skips ??= new Dictionary<string, int>(StringComparer.Ordinal))[track] = c.Skips;
        return skips ?? (IReadOnlyDictionary<string, int>)ReadOnlyDictionary<string, int>.Empty;
    }

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

    private void ApplyKind(ListenEvent listen, ulong eventKey)
    {
        var trackId = listen.TrackId;
        var at = listen.OccurredAt;
        switch (listen.Kind)
        {
            case ListenKind.Play:
                Heard(trackId, at.UtcTicks, eventKey);
                var counts = Count(trackId, at);
                counts.Plays++;
                if (listen.MsPlayed is { } ms and >= 0)
                {
                    counts.TimedPlays++;
                    counts.PlayedMs += ms;
                }
                break;
            case ListenKind.Skip:
                Heard(trackId, at.UtcTicks, eventKey);
                Count(trackId, at).Skips++;
                break;
            case ListenKind.Like:
                Count(trackId, at).Likes++;
                if (HasNewer(Dislikes, trackId, at)) break; // a later dislike stands
                Dislikes.Remove(trackId);
                if (!HasNewer(Bans, trackId, at)) Remember(Likes, trackId, at); // a later ban removed it
                break;
            case ListenKind.Save:
                Count(trackId, at).Saves++;
                break;
            case ListenKind.Dislike:
                if (HasNewer(Likes, trackId, at)) break; // a later like stands
                Likes.Remove(trackId);
                Remember(Dislikes, trackId, at);
                break;
            case ListenKind.Ban:
                if (!HasNewer(Likes, trackId, at)) Likes.Remove(trackId);
                Remember(Bans, trackId, at);
                break;
        }
    }

    private static bool HasNewer(Dictionary<string, DateTimeOffset> set, string trackId, DateTimeOffset at) =>
        set.TryGetValue(trackId, out var stored) && stored > at;

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
        if (!HasNewer(set, trackId, at)) set[trackId] = at;
        BoundedRecency.Trim(set, UserStateLimits.ExplicitFeedback, t => t);
    }

    private static List<string> MostRecentFirst(Dictionary<string, DateTimeOffset> set) =>
        set.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key).ToList();
}
