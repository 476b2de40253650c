namespace OpenMrs.Serving.Grains.State;

/// <summary>
/// The time-ordered part of <see cref="UserListeningState"/>: the history is kept sorted by (event time, event-id
/// fingerprint), and sessions are derived from a sorted window of recent event times. Events may arrive in any order
/// (Kafka partitions, retries, offline clients); while they fall inside the bounds, the state equals the one the same
/// events would give in time order. Times are UTC ticks (64-bit).
/// </summary>
public sealed partial class UserListeningState
{
    /// <summary>UTC ticks of each <see cref="History"/> entry's event (parallel to it).</summary>
    [Id(12)] public List<long> HistoryTicks { get; set; } = [];

    /// <summary>Event-id fingerprint of each <see cref="History"/> entry: orders events of the same instant (parallel to it).</summary>
    [Id(13)] public List<ulong> HistoryEventKeys { get; set; } = [];

    /// <summary>UTC ticks of the newest <see cref="UserStateLimits.SessionActivity"/> events of every kind, ascending.</summary>
    [Id(14)] public List<long> ActivityTicks { get; set; } = [];

    /// <summary>UTC ticks of the newest event trimmed from <see cref="ActivityTicks"/>; null while none was.</summary>
    [Id(15)] public long? TrimmedActivityTicks { get; set; }

    /// <summary>UTC ticks at which the session holding <see cref="TrimmedActivityTicks"/> started.</summary>
    [Id(16)] public long TrimmedSessionStartTicks { get; set; }

    /// <summary>
    /// State stored before times were kept: its history entries count as older than any new event, except the current
    /// session's (the last <see cref="SessionTracks"/> entries), which take the session's start; its clock and session
    /// start become the trimmed past of the activity window, and its session count carries on.
    /// </summary>
    private void AlignLegacyTimeline()
    {
        var missing = History.Count - HistoryTicks.Count;
        if (missing > 0)
        {
            var inSession = Math.Min(missing, SessionTracks.Count);
            HistoryTicks.InsertRange(0, Enumerable.Repeat(long.MinValue, missing - inSession).Concat(Enumerable.Repeat(SessionStartedAt.UtcTicks, inSession)));
            HistoryEventKeys.InsertRange(0, Enumerable.Repeat(0UL, missing));
        }
        if (ActivityTicks.Count == 0 && TrimmedActivityTicks is null && SessionNumber > 0)
        {
            TrimmedActivityTicks = (LastEventAt ?? SessionStartedAt).UtcTicks;
            TrimmedSessionStartTicks = SessionStartedAt.UtcTicks;
        }
    }

    /// <summary>Places a play or skip by time; the oldest entries beyond <see cref="UserStateLimits.HistorySize"/> go.</summary>
    private void Heard(string trackId, long ticks, ulong eventKey)
    {
        var at = History.Count;
        while (at > 0 && (HistoryTicks[at - 1] > ticks || (HistoryTicks[at - 1] == ticks && HistoryEventKeys[at - 1] > eventKey))) at--;
        History.Insert(at, trackId);
        HistoryTicks.Insert(at, ticks);
        HistoryEventKeys.Insert(at, eventKey);
        var excess = History.Count - UserStateLimits.HistorySize;
        if (excess <= 0) return;
        History.RemoveRange(0, excess);
        HistoryTicks.RemoveRange(0, excess);
        HistoryEventKeys.RemoveRange(0, excess);
    }

    /// <summary>
    /// Adds an event time to the activity window and counts the sessions it starts or joins: an inserted time changes
    /// only whether it and the time after it start a session. The oldest times beyond the bound are trimmed into the
    /// counted past, which leaves the count unchanged.
    /// </summary>
    private void RecordActivity(long ticks)
    {
        if (ticks < TrimmedActivityTicks) return; // older than the window: its place among sessions is no longer known
        var at = ActivityTicks.Count;
        while (at > 0 && ActivityTicks[at - 1] > ticks) at--;
        long? previous = at > 0 ? ActivityTicks[at - 1] : TrimmedActivityTicks;
        SessionNumber += Starts(ticks, previous);
        if (at < ActivityTicks.Count) SessionNumber += Starts(ActivityTicks[at], ticks) - Starts(ActivityTicks[at], previous);
        ActivityTicks.Insert(at, ticks);
        while (ActivityTicks.Count > UserStateLimits.SessionActivity)
        {
            var oldest = ActivityTicks[0];
            if (StartsSession(oldest, TrimmedActivityTicks)) TrimmedSessionStartTicks = oldest;
            TrimmedActivityTicks = oldest;
            ActivityTicks.RemoveAt(0);
        }
    }

    /// <summary>Derives the current session's start (the newest time after a gap) and its tracks from the time-ordered state.</summary>
    private void RefreshSession()
    {
        var first = ActivityTicks.Count - 1;
        while (first > 0 && !StartsSession(ActivityTicks[first], ActivityTicks[first - 1])) first--;
        var start = first >= 0 && StartsSession(ActivityTicks[first], first > 0 ? ActivityTicks[first - 1] : TrimmedActivityTicks)
            ? ActivityTicks[first]
            : TrimmedSessionStartTicks;
        SessionStartedAt = new DateTimeOffset(start, TimeSpan.Zero);

        var firstTrack = History.Count;
        while (firstTrack > 0 && HistoryTicks[firstTrack - 1] >= start && History.Count - firstTrack < UserStateLimits.SessionTracks) firstTrack--;
        SessionTracks.Clear();
        for (var i = firstTrack; i < History.Count; i++) SessionTracks.Add(History[i]);
    }

    private static bool StartsSession(long ticks, long? previous) =>
        previous is not { } before || ticks - before > UserStateLimits.SessionGap.Ticks;

    private static int Starts(long ticks, long? previous) => StartsSession(ticks, previous) ? 1 : 0;
}
