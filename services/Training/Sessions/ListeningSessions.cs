namespace OpenMrs.Training.Sessions;

/// <summary>
/// Splits users' listens into listening sessions: a session ends where the next listen comes more than the inactivity
/// gap after the previous one (30 minutes in Training's defaults, as Serving's current session).
/// </summary>
public static class ListeningSessions
{
    /// <summary>
    /// The sessions of every user as track ids in play order, skips dropped unless <paramref name="includeSkips"/>;
    /// the newest sessions (by their last listen) first, at most <paramref name="maxSessions"/>, and no more once the
    /// sessions taken name <paramref name="maxTracks"/> distinct tracks. Sessions shorter than <paramref name="minLength"/> are left out.
    /// </summary>
    /// <param name="users">Each user's listens in event-time order (<see cref="ListenLog.Export"/>).</param>
    public static IReadOnlyList<IReadOnlyList<string>> Split(
        IEnumerable<IReadOnlyList<LoggedListen>> users, TimeSpan gap, bool includeSkips, int minLength, int maxSessions, int maxTracks)
    {
        var sessions = new List<(long LastTicks, List<string> Tracks)>();
        foreach (var listens in users)
        {
            List<string>? current = null;
            long previous = 0;
            foreach (var listen in listens)
            {
                if (listen.Skipped && !includeSkips) continue;
                if (current is null || listen.AtTicks - previous > gap.Ticks)
                {
                    Close(sessions, current, previous, minLength);
                    current = [];
                }
                current.Add(listen.TrackId);
                previous = listen.AtTicks;
            }
            Close(sessions, current, previous, minLength);
        }
        var taken = new List<IReadOnlyList<string>>();
        var tracks = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, session) in sessions.OrderByDescending(s => s.LastTicks))
        {
            if (taken.Count >= maxSessions || tracks.Count >= maxTracks) break;
            taken.Add(session);
            tracks.UnionWith(session);
        }
        return taken;
    }

    private static void Close(List<(long, List<string>)> sessions, List<string>? session, long lastTicks, int minLength)
    {
        if (session is not null && session.Count >= minLength) sessions.Add((lastTicks, session));
    }
}
