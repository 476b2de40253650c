using OpenMrs.Serving.Grains.Content;

namespace OpenMrs.Serving.Tests.Content;

/// <summary>
/// The audio neighbour index against brute-force cosine over the live embeddings: from its snapshot, after changes
/// it has not rebuilt for (new, replaced and removed embeddings), with skipped tracks, after enough changes to rebuild,
/// and through USearch.
/// </summary>
public sealed class AudioNeighbourIndexTests
{
    private const int Dimensions = 32;
    // Above the int8 screen's threshold, so the snapshot is searched through it and rebuilt off the caller's thread.
    private const int Tracks = 6_000;

    [Fact]
    public void The_snapshot_answers_like_a_brute_force_scan()
    {
        var embeddings = Clustered(Tracks, seed: 1);
        var index = Index(embeddings);
        index.Rebuild();

        Assert.Equal("exact", index.IndexName);
        foreach (var query in Queries(10))
            Assert.Equal(BruteForce(embeddings, query, 20), index.Nearest(query, 20));
    }

    [Fact]
    public void Changes_after_the_snapshot_count_at_once()
    {
        var embeddings = Clustered(Tracks, seed: 2);
        var index = Index(embeddings);
        index.Rebuild();
        var built = index.SnapshotVersion;
        var random = new Random(3);

        // A new track next to a query, a replaced one moved next to another, a removed one that was a top answer.
        var nearestToFirst = index.Nearest("t-0", 1)[0].TrackId;
        embeddings.Upsert("new-1", Near(embeddings, "t-0", random));
        embeddings.Upsert("t-4000", Near(embeddings, "t-1", random));
        embeddings.Upsert(nearestToFirst, []);

        Assert.Equal(built, index.SnapshotVersion);
        foreach (var query in Queries(10).Append("new-1"))
            Assert.Equal(BruteForce(embeddings, query, 20), index.Nearest(query, 20));
        Assert.Contains(index.Nearest("t-0", 5), n => n.TrackId == "new-1");
        Assert.Contains(index.Nearest("t-1", 5), n => n.TrackId == "t-4000");
        Assert.DoesNotContain(index.Nearest("t-0", 20), n => n.TrackId == nearestToFirst);
        Assert.Equal(built, index.SnapshotVersion);
    }

    [Fact]
    public void Skipping_some_of_the_listed_neighbours_answers_like_a_brute_force_scan()
    {
        var embeddings = Clustered(Tracks, seed: 5);
        var index = Index(embeddings);
        index.Rebuild();

        // Every other one of each query's 30 nearest skipped: the answer is read from the listed neighbours, past the skipped ones.
        foreach (var query in Queries(10))
        {
            var skip = BruteForce(embeddings, query, 30).Where((_, n) => n % 2 == 0).Select(n => n.TrackId).ToHashSet();
            Assert.Equal(BruteForce(embeddings, query, 10, skip), index.Nearest(query, 10, skip));
        }
    }

    [Fact]
    public void Skipped_tracks_never_come_back_even_when_they_are_all_the_nearest()
    {
        var embeddings = Clustered(Tracks, seed: 4);
        var index = Index(embeddings);
        index.Rebuild();
        // Every one of the 60 nearest skipped: more than the search's widened answer, so it searches again without them.
        var skip = BruteForce(embeddings, "t-7", 60).Select(n => n.TrackId).ToHashSet();

        var found = index.Nearest("t-7", 20, skip);

        Assert.Equal(BruteForce(embeddings, "t-7", 20, skip), found);
        Assert.DoesNotContain(found, n => skip.Contains(n.TrackId));
    }

    [Fact]
    public void Enough_changes_rebuild_the_snapshot_off_the_request()
    {
        var embeddings = Clustered(Tracks, seed: 5);
        var index = Index(embeddings);
        index.Rebuild();
        var random = new Random(6);
        var limit = AudioNeighbourIndex.RebuildAfterChanges(Tracks);
        for (var i = 0; i < limit; i++) embeddings.Upsert($"new-{i}", Near(embeddings, $"t-{i}", random));

        index.Nearest("t-0", 5);
        Assert.NotEqual(embeddings.Version, index.SnapshotVersion);
        embeddings.Upsert("new-last", Near(embeddings, "t-0", random));
        index.Nearest("t-0", 5);

        Assert.True(SpinWait.SpinUntil(() => index.SnapshotVersion == embeddings.Version, TimeSpan.FromSeconds(30)));
        Assert.Empty(embeddings.ChangedAfter(index.SnapshotVersion));
        Assert.Equal(BruteForce(embeddings, "t-0", 20), index.Nearest("t-0", 20));
    }

    [Fact]
    public void USearch_above_the_threshold_keeps_recall()
    {
        var embeddings = Clustered(Tracks, seed: 7);
        var index = new AudioNeighbourIndex(embeddings, annAboveTracks: 1_000);
        index.Rebuild();

        Assert.Equal("usearch", index.IndexName);
        var queries = Queries(50).ToArray();
        var hits = queries.Sum(q => index.Nearest(q, 20).Select(n => n.TrackId).Intersect(BruteForce(embeddings, q, 20).Select(n => n.TrackId)).Count());
        Assert.True(hits >= 0.95 * 20 * queries.Length, $"recall@20 {hits / (20.0 * queries.Length):F3}");
        Assert.All(queries, q => Assert.DoesNotContain(index.Nearest(q, 20), n => n.TrackId == q));
    }

    [Fact]
    public void A_query_of_another_dimension_finds_its_own_kind()
    {
        var embeddings = Clustered(Tracks, seed: 8);
        var index = Index(embeddings);
        var random = new Random(9);
        for (var i = 0; i < 30; i++) embeddings.Upsert($"wide-{i}", Enumerable.Range(0, 2 * Dimensions).Select(_ => (float)random.NextDouble()).ToArray());
        index.Rebuild();

        var found = index.Nearest("wide-0", 10);

        Assert.Equal(BruteForce(embeddings, "wide-0", 10), found);
        Assert.All(found, n => Assert.StartsWith("wide-", n.TrackId));
        Assert.Empty(index.Nearest("unknown", 10));
    }

    [Fact]
    public void A_small_catalogue_builds_and_rebuilds_on_the_request()
    {
        var embeddings = Clustered(300, seed: 10);
        var index = new AudioNeighbourIndex(embeddings);

        Assert.Equal(BruteForce(embeddings, "t-5", 20), index.Nearest("t-5", 20));
        Assert.Equal(embeddings.Version, index.SnapshotVersion);
        var random = new Random(11);
        for (var i = 0; i <= AudioNeighbourIndex.RebuildAfterChanges(300); i++) embeddings.Upsert($"t-{i % 300}", Near(embeddings, $"t-{(i + 7) % 300}", random));

        Assert.Equal(BruteForce(embeddings, "t-5", 20), index.Nearest("t-5", 20));
        Assert.Equal(embeddings.Version, index.SnapshotVersion);
        Assert.Equal(BruteForce(embeddings, "t-5", 60), index.Nearest("t-5", 60));
    }

    [Fact]
    public void Tied_tracks_past_the_listed_neighbours_are_taken_by_track_id()
    {
        var embeddings = Clustered(Tracks, seed: 12);
        // 60 identical embeddings, all at cosine 1 from t-0: more than a track's listed 40.
        for (var i = 0; i < 60; i++) embeddings.Upsert($"clone-{59 - i:D2}", embeddings.Get("t-0"));
        var index = Index(embeddings);
        index.Rebuild();

        var found = index.Nearest("t-0", 20);

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"clone-{i:D2}"), found.Select(n => n.TrackId));
        Assert.Equal(BruteForce(embeddings, "t-0", 20), found);
    }

    [Fact]
    public void A_removed_track_has_no_neighbours_and_is_no_ones_neighbour()
    {
        var embeddings = Clustered(Tracks, seed: 13);
        var index = Index(embeddings);
        index.Rebuild();
        var nearest = index.Nearest("t-3", 1)[0].TrackId;

        embeddings.Upsert("t-3", []);

        Assert.Empty(index.Nearest("t-3", 10));
        Assert.DoesNotContain(index.Nearest(nearest, 40), n => n.TrackId == "t-3");
    }

    [Fact]
    public async Task Upserts_during_rebuilds_and_queries_never_fail_and_end_exact()
    {
        var embeddings = Clustered(Tracks, seed: 14);
        var index = Index(embeddings);
        index.Rebuild();

        var writer = Task.Run(() =>
        {
            var random = new Random(15);
            for (var i = 0; i < 3_000; i++)
                embeddings.Upsert(random.Next(10) == 0 ? $"t-{random.Next(Tracks)}" : $"late-{i}", Near(embeddings, $"t-{random.Next(Tracks)}", random));
        });
        var rebuilder = Task.Run(() =>
        {
            while (!writer.IsCompleted) index.Rebuild();
        });
        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            var queries = 0;
            while (!writer.IsCompleted) Assert.NotEmpty(index.Nearest($"t-{queries++ * 31 % Tracks}", 20));
        })).ToArray();
        await Task.WhenAll([writer, rebuilder, .. readers]);

        foreach (var query in Queries(10).Append("late-2999"))
            Assert.Equal(BruteForce(embeddings, query, 20), index.Nearest(query, 20));
    }

    private static AudioNeighbourIndex Index(TrackEmbeddings embeddings) =>
        new(embeddings, int.MaxValue);

    private static IEnumerable<string> Queries(int count) => Enumerable.Range(0, count).Select(i => $"t-{i * 97}");

    /// <summary>Tracks around 40 centres, so each has close neighbours and near-ties are rare.</summary>
    private static TrackEmbeddings Clustered(int tracks, int seed)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, 40).Select(_ => Enumerable.Range(0, Dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray()).ToArray();
        var embeddings = new TrackEmbeddings();
        for (var t = 0; t < tracks; t++)
        {
            var centre = centres[t % centres.Length];
            embeddings.Upsert($"t-{t}", centre.Select(c => c + (float)(random.NextDouble() - 0.5) * 0.6f).ToArray());
        }
        return embeddings;
    }

    private static float[] Near(TrackEmbeddings embeddings, string trackId, Random random) =>
        embeddings.Get(trackId).Select(v => v + (float)(random.NextDouble() - 0.5) * 0.01f).ToArray();

    /// <summary>Every embedding of the query's dimension scored in float32, best first, ties by id.</summary>
    private static List<(string TrackId, float Cosine)> BruteForce(TrackEmbeddings embeddings, string trackId, int count, IReadOnlySet<string>? skip = null)
    {
        var query = embeddings.Get(trackId);
        return embeddings.All
            .Where(kv => kv.Key != trackId && kv.Value.Length == query.Length && skip?.Contains(kv.Key) != true)
            .Select(kv => (kv.Key, OpenMrs.Recommender.Numerics.VectorOps.Dot(query, kv.Value)))
            .OrderByDescending(n => n.Item2).ThenBy(n => n.Key, StringComparer.Ordinal).Take(count).ToList();
    }
}
