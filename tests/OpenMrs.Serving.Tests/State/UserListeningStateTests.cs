using OpenMrs.Contracts.Events;
using OpenMrs.Serving.Grains.State;
using OpenMrs.Serving.Tests.Fixtures;

namespace OpenMrs.Serving.Tests.State;

public class UserListeningStateTests
{
    [Fact]
    public void Every_collection_stays_within_its_bound_after_many_events()
    {
        var state = new UserListeningState();
        const int events = 12_000;
        for (var i = 0; i < events; i++)
        {
            var kind = (i % 4) switch { 0 => ListenKind.Play, 1 => ListenKind.Like, 2 => ListenKind.Dislike, _ => ListenKind.Ban };
            state.Apply(TestData.Listen("u", $"t{i}", kind, minute: i));
        }

        Assert.Equal(events, state.StateVersion);
        Assert.Equal(UserStateLimits.HistorySize, state.History.Count);
        Assert.InRange(state.Tracks.Count, 1, UserStateLimits.TrackAggregates);
        Assert.InRange(state.Likes.Count, 1, UserStateLimits.ExplicitFeedback);
        Assert.InRange(state.Dislikes.Count, 1, UserStateLimits.ExplicitFeedback);
        Assert.InRange(state.Bans.Count, 1, UserStateLimits.ExplicitFeedback);
        Assert.InRange(state.RecentEventFingerprints.Count, UserStateLimits.RecentEventIds, UserStateLimits.RecentEventIds * 11 / 10);
        Assert.InRange(state.SessionTracks.Count, 1, UserStateLimits.SessionTracks);
        Assert.Equal(state.History.Count, state.HistoryTicks.Count);
        Assert.Equal(state.History.Count, state.HistoryEventKeys.Count);
        Assert.Equal(UserStateLimits.SessionActivity, state.ActivityTicks.Count);
        // The newest entries survive eviction.
        Assert.Equal($"t{events - 4}", state.History[^1]);
        Assert.Contains($"t{events - 3}", state.Likes.Keys);
    }

    [Fact]
    public void A_repeated_event_id_changes_nothing()
    {
        var state = new UserListeningState();
        var listen = TestData.Listen("u", "t1");
        Assert.True(state.Apply(listen));
        Assert.False(state.Apply(listen));
        Assert.Equal(1, state.StateVersion);
        Assert.Equal(1, state.Tracks["t1"].Plays);
        Assert.Single(state.History);
    }

    [Fact]
    public void An_event_id_is_recognised_for_at_least_the_window_and_forgotten_well_after_it()
    {
        var state = new UserListeningState();
        var early = TestData.Listen("u", "early");
        state.Apply(early);
        for (var i = 0; i < UserStateLimits.RecentEventIds - 1; i++) state.Apply(TestData.Listen("u", $"t{i}", minute: i + 1));
        Assert.False(state.Apply(early));

        for (var i = 0; i < UserStateLimits.RecentEventIds; i++) state.Apply(TestData.Listen("u", $"later{i}", minute: 5_000 + i));
        Assert.True(state.Apply(early));
    }

    [Fact]
    public void Event_ids_stored_as_strings_by_an_earlier_version_are_still_recognised()
    {
        var early = TestData.Listen("u", "a");
        var state = new UserListeningState { RecentEventIds = [early.EventId], StateVersion = 1 };

        Assert.False(state.Apply(early));
        Assert.True(state.Apply(TestData.Listen("u", "b")));
        Assert.Null(state.RecentEventIds);
        Assert.Equal(2, state.RecentEventFingerprints.Count);
        Assert.Equal(2, state.StateVersion);
    }

    [Fact]
    public void A_gap_longer_than_the_session_gap_starts_a_new_session()
    {
        var state = new UserListeningState();
        state.Apply(TestData.Listen("u", "a", minute: 0));
        state.Apply(TestData.Listen("u", "b", minute: 10));
        Assert.Equal(1, state.SessionNumber);
        state.Apply(TestData.Listen("u", "c", minute: 10 + (int)UserStateLimits.SessionGap.TotalMinutes + 1));
        Assert.Equal(2, state.SessionNumber);
        Assert.Equal(["c"], state.SessionTracks);
    }

    [Fact]
    public void A_like_then_a_dislike_leaves_only_the_dislike()
    {
        var state = new UserListeningState();
        state.Apply(TestData.Listen("u", "t", ListenKind.Like));
        state.Apply(TestData.Listen("u", "t", ListenKind.Dislike, minute: 1));
        Assert.DoesNotContain("t", state.Likes.Keys);
        Assert.Contains("t", state.Dislikes.Keys);
    }

    [Fact]
    public void Session_anchors_are_the_tracks_engaged_with_never_the_skipped_or_rejected()
    {
        var state = new UserListeningState();
        state.Apply(TestData.Listen("u", "played", minute: 1));
        state.Apply(TestData.Listen("u", "skipped", ListenKind.Skip, minute: 2));
        state.Apply(TestData.Listen("u", "played-then-banned", minute: 3));
        state.Apply(TestData.Listen("u", "played-then-banned", ListenKind.Ban, minute: 4));
        state.Apply(TestData.Listen("u", "played-then-disliked", minute: 5));
        state.Apply(TestData.Listen("u", "played-then-disliked", ListenKind.Dislike, minute: 6));
        state.Apply(TestData.Listen("u", "skipped-then-liked", ListenKind.Skip, minute: 7));
        state.Apply(TestData.Listen("u", "skipped-then-liked", ListenKind.Like, minute: 8));
        state.Apply(TestData.Listen("u", "replayed", minute: 9));
        state.Apply(TestData.Listen("u", "replayed", minute: 10));

        Assert.Equal(["replayed", "skipped-then-liked", "played"], state.SessionPositiveMostRecentFirst());
        Assert.Equal(7, state.SessionTracks.Count); // the session itself still holds every play and skip
    }

    [Fact]
    public void Recent_positive_tracks_are_the_most_recently_touched_engaged_ones_ties_by_id_and_skips_count_per_track()
    {
        var state = new UserListeningState();
        var random = new Random(7);
        var kinds = new[] { ListenKind.Play, ListenKind.Play, ListenKind.Skip, ListenKind.Like, ListenKind.Save, ListenKind.Dislike, ListenKind.Ban };
        // Few distinct minutes, so many tracks tie on their last touch and the track id decides.
        for (var e = 0; e < 400; e++)
            state.Apply(TestData.Listen("u", $"t{random.Next(120)}", kinds[random.Next(kinds.Length)], minute: random.Next(30)));

        var expected = state.Tracks
            .Where(kv => (kv.Value.Plays > 0 || kv.Value.Likes > 0 || kv.Value.Saves > 0) && !state.Dislikes.ContainsKey(kv.Key) && !state.Bans.ContainsKey(kv.Key))
            .OrderByDescending(kv => kv.Value.LastAt).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key).ToArray();
        Assert.InRange(expected.Length, 40, 119);
        Assert.Equal(expected.Take(25), state.RecentPositive(25));
        Assert.Equal(expected, state.RecentPositive(1_000));
        Assert.Empty(state.RecentPositive(0));

        var skipped = state.Tracks.Where(kv => kv.Value.Skips > 0).ToDictionary(kv => kv.Key, kv => kv.Value.Skips);
        Assert.NotEmpty(skipped);
        Assert.Equal(skipped.OrderBy(kv => kv.Key), state.Skips().OrderBy(kv => kv.Key));
        Assert.Empty(new UserListeningState().Skips());
    }
}
