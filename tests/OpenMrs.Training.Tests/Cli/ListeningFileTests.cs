using OpenMrs.Contracts.Events;
using OpenMrs.Recommender.Data.Readers;
using OpenMrs.Training.Cli.Listening;

namespace OpenMrs.Training.Tests.Cli;

/// <summary>A listening file as listen events: plays per count, event-time order, deterministic ids, valid ids.</summary>
public class ListeningFileTests
{
    [Fact]
    public void Timed_records_are_ordered_by_time_then_line_and_a_count_becomes_that_many_plays()
    {
        using var work = new WorkFolder();
        var path = work.Write("s.txt", [
            "UserId\tSessionId\tItemId\tTime\tArtistId",
            "u1\ts1\tb\t1400000300\t1",
            "u2\ts2\ta\t1400000100\t1",
            "u1\ts1\ta\t1400000100\t1"]);

        var file = ListeningFile.Read(InteractionFormat.ThirtyMusic, path, ReaderOptions.Strict);

        Assert.False(file.SyntheticTimes);
        Assert.Equal(
            [("s.txt:3:0", "u2", "a", 1400000100L), ("s.txt:4:0", "u1", "a", 1400000100L), ("s.txt:2:0", "u1", "b", 1400000300L)],
            file.Listens().Select(e => (e.EventId, e.UserId, e.TrackId, e.OccurredAt.ToUnixTimeSeconds())));
        Assert.All(file.Listens(), e => Assert.Equal(ListenKind.Play, e.Kind));
    }

    [Fact]
    public void Untimed_records_get_a_synthetic_order_where_each_users_last_records_are_the_newest()
    {
        using var work = new WorkFolder();
        // MSD-like: all of a user's lines together. In file order user a would be entirely older than user b.
        var path = work.Write("c.tsv", ["user\titem\tcount", "a\tx\t2", "a\ty\t1", "a\tz\t1", "a\tw\t1", "b\tx\t1", "b\tv\t3"]);

        var file = ListeningFile.Read(InteractionFormat.Tsv, path, ReaderOptions.Strict);
        var listens = file.Listens().ToList();

        Assert.True(file.SyntheticTimes);
        Assert.Equal(9, listens.Count);
        // positions (k + ½)/n: a/x .125, b/x .25, a/y .375, a/z .625, b/v .75, a/w .875; plays of one line share a time
        Assert.Equal(["a:x", "a:x", "b:x", "a:y", "a:z", "b:v", "b:v", "b:v", "a:w"], listens.Select(e => $"{e.UserId}:{e.TrackId}"));
        Assert.Equal(["c.tsv:2:0", "c.tsv:2:1"], listens.Take(2).Select(e => e.EventId));
        Assert.Equal(ListeningFile.SyntheticStart, listens[0].OccurredAt);
        Assert.True(listens.Zip(listens.Skip(1)).All(p => p.First.OccurredAt <= p.Second.OccurredAt));
        Assert.Equal(file.Listens().Select(e => (e.EventId, e.OccurredAt)), listens.Select(e => (e.EventId, e.OccurredAt)));
    }

    [Fact]
    public void The_interactions_count_every_play()
    {
        using var work = new WorkFolder();
        var path = work.Write("c.tsv", ["a\tx\t3", "a\ty\t1", "b\tx\t2.4"]);

        var interactions = ListeningFile.Read(InteractionFormat.Tsv, path, ReaderOptions.Strict).Interactions();

        Assert.Equal([("a", "x", 3), ("a", "y", 1), ("b", "x", 2)], interactions.Select(i => (i.UserId, i.TrackId, i.Counts.Plays)));
    }

    [Fact]
    public void Ids_ingestion_would_refuse_are_made_valid_and_stay_distinct()
    {
        Assert.Equal("t-9", IngestionIds.Valid("t-9"));
        Assert.Equal("miles davis - blue in green", IngestionIds.Valid(TrackKey.FromArtistAndTitle("Miles Davis", "Blue in Green")));
        var a = IngestionIds.Valid(new string('x', 200) + "a");
        var b = IngestionIds.Valid(new string('x', 200) + "b");
        Assert.Equal(IngestionIds.MaxLength, a.Length);
        Assert.NotEqual(a, b);
        Assert.StartsWith(new string('x', 100), a);
    }
}
