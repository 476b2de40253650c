using OpenMrs.Serving.Grains.Content;
using OpenMrs.Testing;

namespace OpenMrs.Serving.Tests.Personal;

/// <summary>First-seen times and the fresh-track map each candidate is looked up in, against hand-computed ages.</summary>
public sealed class TrackFreshnessTests
{
    private static readonly TimeSpan Window = TimeSpan.FromDays(14);
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Only_tracks_first_seen_within_the_window_are_kept_for_lookups()
    {
        var freshness = new TrackFreshness(_clock);
        for (var t = 0; t < 1_000; t++) freshness.Seen($"old-{t}", _clock.GetUtcNow() - TimeSpan.FromDays(400 + t));
        for (var t = 0; t < 10; t++) freshness.Seen($"new-{t}", _clock.GetUtcNow() - TimeSpan.FromDays(t));

        Assert.Equal(1 - 3 / 14.0, freshness.Freshness("new-3", Window), 9);
        Assert.Equal(0, freshness.Freshness("old-0", Window));
        Assert.Equal(10, freshness.FreshTracks);
    }

    [Fact]
    public void A_re_announced_old_track_keeps_its_first_time()
    {
        var freshness = new TrackFreshness(_clock);
        freshness.Freshness("any", Window);
        freshness.Seen("old", _clock.GetUtcNow() - TimeSpan.FromDays(30));
        freshness.Seen("old", _clock.GetUtcNow());

        Assert.Equal(0, freshness.Freshness("old", Window));
        Assert.Equal(0, freshness.FreshTracks);
    }

    [Fact]
    public void A_track_ages_out_and_the_map_drops_it_at_the_next_prune()
    {
        var freshness = new TrackFreshness(_clock);
        freshness.Seen("t", _clock.GetUtcNow());
        Assert.Equal(1, freshness.Freshness("t", Window), 9);

        _clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(0.5, freshness.Freshness("t", Window), 9);
        _clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(0, freshness.Freshness("t", Window));
        Assert.Equal(0, freshness.FreshTracks);
    }

    [Fact]
    public void A_wider_window_finds_the_tracks_a_narrower_one_left_out()
    {
        var freshness = new TrackFreshness(_clock);
        freshness.Seen("five-days", _clock.GetUtcNow() - TimeSpan.FromDays(5));

        Assert.Equal(0, freshness.Freshness("five-days", TimeSpan.FromDays(1)));
        Assert.Equal(0, freshness.FreshTracks);
        Assert.Equal(1 - 5 / 14.0, freshness.Freshness("five-days", Window), 9);
        Assert.Equal(1, freshness.FreshTracks);
    }
}
