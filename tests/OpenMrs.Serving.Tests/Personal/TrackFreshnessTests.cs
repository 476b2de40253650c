using OpenMrs.Contracts.Events;
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
    public void A_stated_release_time_ages_the_track_whatever_its_announcements_say()
    {
        var freshness = new TrackFreshness(_clock);
        var now = _clock.GetUtcNow();
        freshness.Freshness("any", Window);
        // A catalogue loaded today: old releases stay old, a release of three days ago is as fresh as it is.
        freshness.Seen("classic", now, releasedAt: now - TimeSpan.FromDays(3_000));
        freshness.Seen("recent", now, releasedAt: now - TimeSpan.FromDays(3));
        freshness.Seen("unstated", now);
        // Announced again later without a release time: the stated one holds.
        _clock.Advance(TimeSpan.FromDays(1));
        freshness.Seen("classic", _clock.GetUtcNow());
        // Announced first, the release time stated later (a back-catalogue correction): the stated one wins.
        freshness.Seen("unstated", _clock.GetUtcNow(), releasedAt: now - TimeSpan.FromDays(400));
        // A second stated release time corrects the first.
        freshness.Seen("recent", _clock.GetUtcNow(), releasedAt: now - TimeSpan.FromDays(6));

        Assert.Equal(0, freshness.Freshness("classic", Window));
        Assert.Equal(0, freshness.Freshness("unstated", Window));
        Assert.Equal(1 - 7 / 14.0, freshness.Freshness("recent", Window), 9);
        Assert.Equal(1, freshness.FreshTracks);
    }

    [Fact]
    public async Task The_catalogue_handler_ages_a_track_from_its_stated_release_not_its_announcement()
    {
        var freshness = new TrackFreshness(_clock);
        var handler = new OpenMrs.Serving.Grains.Consumers.TrackCatalogHandler(freshness, new TrackTexts());
        var now = _clock.GetUtcNow();

        await handler.HandleAsync(new("tracks", "t-9", new("t-9", "Blue in Green", "Miles Davis", ReleasedAt: new DateTimeOffset(1959, 8, 17, 0, 0, 0, TimeSpan.Zero)), 0, 1, now), default);
        await handler.HandleAsync(new("tracks", "t-10", new("t-10", "Untitled", "Someone"), 0, 2, now), default);

        Assert.Equal(0, freshness.Freshness("t-9", Window));
        Assert.Equal(1, freshness.Freshness("t-10", Window), 9);
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
