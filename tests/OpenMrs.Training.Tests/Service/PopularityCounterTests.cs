using OpenMrs.Contracts.Events;
using OpenMrs.Training.Popularity;

namespace OpenMrs.Training.Tests.Service;

public class PopularityCounterTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static ListenEvent Listen(string trackId, ListenKind kind = ListenKind.Play, string? eventId = null, DateTimeOffset? at = null) =>
        new(eventId ?? Guid.NewGuid().ToString("N"), "u1", trackId, at ?? Noon, kind);

    private static PopularityCounter NewCounter(int dedupWindow = 100) => new(TimeSpan.FromDays(7), dedupWindow);

    [Fact]
    public void A_redelivered_event_is_counted_once()
    {
        var counter = NewCounter();
        var listen = Listen("t1", ListenKind.Like);

        Assert.True(counter.Apply(listen, partition: 4));
        Assert.False(counter.Apply(listen, partition: 4));
        Assert.False(counter.Apply(listen, partition: 4));

        Assert.Equal(ListenWeights.Like, counter.Snapshot()["t1"], 9);
        Assert.Equal(1, counter.Version);
        Assert.Equal(2, counter.Duplicates);
    }

    [Fact]
    public void Each_kind_adds_its_documented_weight()
    {
        var counter = NewCounter();
        counter.Apply(Listen("t", ListenKind.Play), 0);
        counter.Apply(Listen("t", ListenKind.Play), 0);
        counter.Apply(Listen("t", ListenKind.Like), 0);
        counter.Apply(Listen("t", ListenKind.Save), 0);
        counter.Apply(Listen("t", ListenKind.Skip), 0);
        counter.Apply(Listen("t", ListenKind.Dislike), 0);
        counter.Apply(Listen("t", ListenKind.Ban), 0);

        Assert.Equal(2 * 1.0 + 3.0 + 2.0 - 0.5 + 0 + 0, counter.Snapshot()["t"], 9);
        Assert.Equal(7, counter.Version);
    }

    [Fact]
    public void A_listen_one_half_life_older_counts_half()
    {
        var counter = NewCounter();
        counter.Apply(Listen("old", at: Noon), 0);
        counter.Apply(Listen("new", at: Noon.AddDays(7)), 0);

        var scores = counter.Snapshot();
        Assert.Equal(0.5, scores["old"], 9);
        Assert.Equal(1.0, scores["new"], 9);
    }

    [Fact]
    public void Decayed_scores_stay_finite_and_ordered_over_years_of_event_time()
    {
        var counter = NewCounter();
        for (var day = 0; day < 3 * 365; day += 3)
            counter.Apply(Listen(day % 2 == 0 ? "even" : "odd", at: Noon.AddDays(day)), 0);
        counter.Apply(Listen("latest", ListenKind.Like, at: Noon.AddDays(3 * 365)), 0);

        var scores = counter.Snapshot();
        Assert.All(scores.Values, s => Assert.True(double.IsFinite(s) && s > 0));
        Assert.Equal("latest", scores.MaxBy(kv => kv.Value).Key);
    }

    [Fact]
    public void The_dedup_window_is_per_partition_and_bounded()
    {
        var counter = NewCounter(dedupWindow: 2);
        var first = Listen("t", eventId: "e1");
        counter.Apply(first, 0);
        counter.Apply(Listen("t", eventId: "e2"), 0);
        counter.Apply(Listen("t", eventId: "e3"), 0);

        // e1 has left partition 0's window of two: a very late redelivery is counted again (documented bound).
        Assert.True(counter.Apply(first, 0));
        Assert.False(counter.Apply(Listen("t", eventId: "e3"), 0));
    }
}
