using OpenMrs.Contracts.Events;
using OpenMrs.Training.Sessions;

namespace OpenMrs.Training.Tests.Sequences;

public sealed class ListeningSessionsTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ListenEvent Listen(string user, string track, double minutes, ListenKind kind = ListenKind.Play) =>
        new($"{user}-{track}-{minutes}", user, track, Start.AddMinutes(minutes), kind);

    [Fact]
    public void A_gap_longer_than_the_inactivity_limit_starts_a_new_session_and_skips_are_left_out_unless_asked_for()
    {
        var log = new ListenLog(playsPerUser: 10, maxUsers: 10);
        // arrival order differs from event time: the log sorts by event time
        foreach (var listen in new[]
                 {
                     Listen("u", "b", 4), Listen("u", "a", 0), Listen("u", "x", 6, ListenKind.Skip), Listen("u", "c", 8),
                     Listen("u", "d", 60), Listen("u", "e", 64), Listen("u", "liked", 65, ListenKind.Like),
                     Listen("v", "f", 200), Listen("v", "g", 203),
                 })
            log.Record(listen);

        var plays = ListeningSessions.Split(log.Export(), TimeSpan.FromMinutes(30), includeSkips: false, minLength: 2, maxSessions: 10, maxTracks: 100);
        var withSkips = ListeningSessions.Split(log.Export(), TimeSpan.FromMinutes(30), includeSkips: true, minLength: 3, maxSessions: 10, maxTracks: 100);

        // newest session first
        Assert.Equal([["f", "g"], ["d", "e"], ["a", "b", "c"]], plays.Select(s => s.ToArray()));
        Assert.Equal([["a", "b", "x", "c"]], withSkips.Select(s => s.ToArray()));
    }

    [Fact]
    public void The_caps_keep_the_newest_sessions_and_the_log_keeps_the_newest_listens_of_the_most_recently_active_users()
    {
        var log = new ListenLog(playsPerUser: 3, maxUsers: 10);
        for (var u = 0; u < 11; u++)
            for (var t = 0; t < 5; t++)
                log.Record(Listen($"u{u}", $"u{u}-t{t}", 100 * u + t));

        var users = log.Export();
        var sessions = ListeningSessions.Split(users, TimeSpan.FromMinutes(30), includeSkips: false, minLength: 2, maxSessions: 4, maxTracks: 100);
        var fewTracks = ListeningSessions.Split(users, TimeSpan.FromMinutes(30), includeSkips: false, minLength: 2, maxSessions: 100, maxTracks: 5);

        Assert.Equal(10, log.Users); // the 11th user evicted the least recently active (u0)
        Assert.All(users, listens => Assert.Equal(3, listens.Count));
        Assert.Equal(["u10-t2", "u10-t3", "u10-t4"], sessions[0]);
        Assert.Equal(["u10", "u9", "u8", "u7"], sessions.Select(s => s[0][..s[0].IndexOf('-')]));
        Assert.Equal(2, fewTracks.Count); // stops once 5 distinct tracks are taken
    }
}
