using OpenMrs.Contracts.Events;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.State;
using OpenMrs.Serving.Tests.Fixtures;

namespace OpenMrs.Serving.Tests.State;

/// <summary>Events arriving out of time order land where they happened: the state is the one time order would give.</summary>
public class LateEventTests
{
    private static readonly int Gap = (int)UserStateLimits.SessionGap.TotalMinutes;

    private static UserListeningState Applied(IEnumerable<ListenEvent> listens)
    {
        var state = new UserListeningState();
        foreach (var listen in listens) Assert.True(state.Apply(listen));
        return state;
    }

    /// <summary>
    /// Five listening sessions of plays and skips, with feedback (at most two opinions per track), saves, and events
    /// that share an instant. Every event is inside the state's bounds, so the final state is fully determined.
    /// </summary>
    private static List<ListenEvent> Stream(int seed)
    {
        var random = new Random(seed);
        var listens = new List<ListenEvent>();
        var minute = 0;
        for (var session = 0; session < 5; session++)
        {
            for (var e = 0; e < 40; e++)
            {
                var kind = random.Next(10) switch { < 6 => ListenKind.Play, < 8 => ListenKind.Skip, _ => ListenKind.Save };
                listens.Add(TestData.Listen("u", $"t{random.Next(60)}", kind, minute, $"s{session}-e{e}"));
                minute += random.Next(0, 3); // 0: the same instant as the event before
            }
            minute += Gap + 1 + random.Next(60);
        }
        foreach (var track in Enumerable.Range(0, 20))
        {
            ListenKind[] opinions = [ListenKind.Like, ListenKind.Dislike, ListenKind.Ban];
            var first = opinions[random.Next(3)];
            var second = opinions[random.Next(3)];
            var at = random.Next(minute);
            listens.Add(TestData.Listen("u", $"t{track}", first, at, $"f{track}-a"));
            if (track % 2 == 0) listens.Add(TestData.Listen("u", $"t{track}", second, at + 1 + random.Next(300), $"f{track}-b"));
        }
        return [.. listens.OrderBy(l => l.OccurredAt).ThenBy(l => l.EventId, StringComparer.Ordinal)];
    }

    private static void AssertSameState(UserListeningState expected, UserListeningState actual)
    {
        UserSnapshot a = expected.ToSnapshot("u"), b = actual.ToSnapshot("u");
        Assert.Equal(a.StateVersion, b.StateVersion);
        Assert.Equal(a.RecentHistory, b.RecentHistory);
        Assert.Equal(a.TrackCounts.OrderBy(kv => kv.Key), b.TrackCounts.OrderBy(kv => kv.Key));
        Assert.Equal(a.Likes, b.Likes);
        Assert.Equal(a.Dislikes, b.Dislikes);
        Assert.Equal(a.Bans, b.Bans);
        Assert.Equal(a.CurrentSession!.SessionNumber, b.CurrentSession!.SessionNumber);
        Assert.Equal(a.CurrentSession.StartedAt, b.CurrentSession.StartedAt);
        Assert.Equal(a.CurrentSession.LastAt, b.CurrentSession.LastAt);
        Assert.Equal(a.CurrentSession.Tracks, b.CurrentSession.Tracks);
        Assert.Equal(a.LastEventAt, b.LastEventAt);
        Assert.Equal(expected.HistoryTicks, actual.HistoryTicks);
        Assert.Equal(expected.ActivityTicks, actual.ActivityTicks);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_shuffled_stream_ends_in_the_state_of_the_time_ordered_stream(int seed)
    {
        var sorted = Stream(seed);
        var shuffled = sorted.ToArray();
        new Random(seed).Shuffle(shuffled);

        var expected = Applied(sorted);
        var actual = Applied(shuffled);

        Assert.InRange(expected.SessionNumber, 3, 50); // several sessions, so late events cross their boundaries
        AssertSameState(expected, actual);
        AssertSameState(expected, Applied(Enumerable.Reverse(sorted)));
    }

    [Fact]
    public void A_late_play_is_placed_by_time_in_the_history_and_the_session()
    {
        var state = Applied([
            TestData.Listen("u", "a", minute: 0), TestData.Listen("u", "b", minute: 10), TestData.Listen("u", "c", minute: 20),
            TestData.Listen("u", "late", minute: 5),
        ]);

        Assert.Equal(["a", "late", "b", "c"], state.History);
        Assert.Equal(["a", "late", "b", "c"], state.SessionTracks);
        Assert.Equal(["c", "b", "late", "a"], state.ToSnapshot("u").RecentHistory);
        Assert.Equal(TestData.Listen("u", "c", minute: 20).OccurredAt, state.LastEventAt);
    }

    [Fact]
    public void A_late_event_in_a_gap_joins_the_sessions_it_bridges()
    {
        var state = Applied([TestData.Listen("u", "a", minute: 0), TestData.Listen("u", "c", minute: 2 * Gap)]);
        Assert.Equal(2, state.SessionNumber);
        Assert.Equal(["c"], state.SessionTracks);

        state.Apply(TestData.Listen("u", "b", minute: Gap));

        Assert.Equal(1, state.SessionNumber);
        Assert.Equal(["a", "b", "c"], state.SessionTracks);
        Assert.Equal(TestData.Listen("u", "a").OccurredAt, state.SessionStartedAt);
    }

    [Fact]
    public void A_late_event_long_before_the_current_session_counts_as_its_own_session_and_stays_out_of_the_current_one()
    {
        var state = Applied([TestData.Listen("u", "a", minute: 10 * Gap), TestData.Listen("u", "b", minute: 10 * Gap + 5)]);

        state.Apply(TestData.Listen("u", "old", minute: 0));

        Assert.Equal(2, state.SessionNumber);
        Assert.Equal(["a", "b"], state.SessionTracks);
        Assert.Equal(["old", "a", "b"], state.History);
    }

    [Fact]
    public void A_late_dislike_does_not_override_a_newer_like()
    {
        var state = Applied([TestData.Listen("u", "t", ListenKind.Like, minute: 5), TestData.Listen("u", "t", ListenKind.Dislike, minute: 1)]);

        Assert.Contains("t", state.Likes.Keys);
        Assert.DoesNotContain("t", state.Dislikes.Keys);
    }

    [Fact]
    public void A_history_full_of_newer_plays_drops_a_late_older_one_as_time_order_would()
    {
        var state = Applied(Enumerable.Range(0, UserStateLimits.HistorySize).Select(i => TestData.Listen("u", $"t{i}", minute: 100 + i)));

        state.Apply(TestData.Listen("u", "ancient", minute: 0));

        Assert.Equal(UserStateLimits.HistorySize, state.History.Count);
        Assert.DoesNotContain("ancient", state.History);
        Assert.Equal("t0", state.History[0]);
    }

    [Fact]
    public void State_stored_before_event_times_were_kept_carries_on_in_time_order()
    {
        var sessionStart = TestData.Listen("u", "x", minute: 100).OccurredAt;
        var legacy = new UserListeningState
        {
            History = ["old", "s1", "s2"],
            SessionTracks = ["s1", "s2"],
            SessionNumber = 3,
            SessionStartedAt = sessionStart,
            LastEventAt = sessionStart.AddMinutes(5),
            StateVersion = 3,
        };

        legacy.Apply(TestData.Listen("u", "next", minute: 110));
        Assert.Equal(3, legacy.SessionNumber);
        Assert.Equal(["s1", "s2", "next"], legacy.SessionTracks);
        Assert.Equal(["old", "s1", "s2", "next"], legacy.History);

        legacy.Apply(TestData.Listen("u", "later", minute: 110 + Gap + 1));
        Assert.Equal(4, legacy.SessionNumber);
        Assert.Equal(["later"], legacy.SessionTracks);
        Assert.Equal(legacy.History.Count, legacy.HistoryTicks.Count);
    }
}
