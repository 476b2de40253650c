using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Data.Readers;
using OpenMrs.Recommender.Evaluation.Sequences;
using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Tests.Data;

namespace OpenMrs.Recommender.Tests.Evaluation;

/// <summary>The published session protocol's pieces: repeats as targets, unseen test plays, last-days splits, smoothness.</summary>
public class SessionProtocolTests
{
    /// <summary>Ranks items in index order, leaving out the history's items only when asked to.</summary>
    private sealed class IndexOrderRecommender(int items) : IRecommender
    {
        public string Kind => "index-order";
        public void Fit(InteractionMatrix interactions, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default) { }
        public ScoredItem[] Recommend(int user, int count, bool excludeSeen = true) => throw new NotSupportedException();

        public ScoredItem[] RecommendForHistory(SparseRow history, int count, bool excludeSeen = true) =>
            [.. Enumerable.Range(0, items).Where(i => !excludeSeen || !history.Indices.Contains(i)).Take(count).Select((item, rank) => new ScoredItem(item, -rank))];

        public ScoredItem[] SimilarItems(int item, int count) => throw new NotSupportedException();
        public Contribution[] Explain(SparseRow history, int item, int count) => [];
        public void Save(BinaryWriter writer) => throw new NotSupportedException();
    }

    private static readonly CsrMatrix AllKnown = CsrMatrix.FromTriplets(1, 6, Enumerable.Range(0, 6).Select(i => (0, i, 1f)));

    [Fact]
    public void Repeats_make_every_next_play_a_target_and_let_the_prefix_be_ranked()
    {
        int[][] sessions = [[1, 2, 1, 1]];

        var skip = NextItemEvaluator.Evaluate(new IndexOrderRecommender(6), AllKnown, sessions, [1, 5]);
        var repeats = NextItemEvaluator.Evaluate(new IndexOrderRecommender(6), AllKnown, sessions, [1, 5], repeats: true);

        // without repeats only 1 → 2 is a step, and with 1 excluded the list is 0, 2, ...: rank 2
        Assert.Equal(1, skip.Steps);
        Assert.Equal(0.0, skip.At(1).HitRate, 12);
        Assert.Equal(0.5, skip.At(5).Mrr, 12);
        // with repeats: [1] → 2 at rank 3 (list 0, 1, 2, ...), [1,2] → 1 at rank 2, [1,2,1] → 1 at rank 2
        Assert.Equal(3, repeats.Steps);
        Assert.Equal(0.0, repeats.At(1).HitRate, 12);
        Assert.Equal((1 / 3.0 + 1 / 2.0 + 1 / 2.0) / 3, repeats.At(5).Mrr, 12);
        Assert.Equal((1 / Math.Log2(4) + 2 / Math.Log2(3)) / 3, repeats.At(5).Ndcg, 12);
    }

    [Fact]
    public void Unseen_test_plays_are_dropped_and_counted_and_short_sessions_with_them()
    {
        var train = InteractionTable.Load([new("u", "a", 1, 10, "s1"), new("u", "b", 1, 20, "s1"), new("u", "c", 1, 30, "s1")]);
        var test = InteractionTable.Load(
            [new("v", "a", 1, 100, "t1"), new("v", "new", 1, 110, "t1"), new("v", "b", 1, 120, "t1"), new("w", "c", 1, 200, "t2"), new("w", "other", 1, 210, "t2")],
            train.Users, train.Items);

        var split = SessionSplit.Explicit(train, test).WithoutUnseenItems();

        var session = Assert.Single(split.TestSessions);
        Assert.Equal(["a", "b"], session.Select(i => train.Items[i]));
        Assert.Equal(2, split.DroppedUnseenPlays);
        Assert.Equal(1, split.DroppedShortSessions);
        // the training plays also come as session rows with 1-based positions
        Assert.Equal([1f, 2f, 3f], split.TrainSessions!.UserItems.Row(0).Values);
    }

    [Fact]
    public void Last_days_hold_out_the_sessions_that_end_in_the_last_day_and_validation_the_day_before()
    {
        const long day = 86_400;
        var table = InteractionTable.Load([
            new("u", "a", 1, 0, "s1"), new("u", "b", 1, 60, "s1"),
            new("u", "a", 1, day, "s2"), new("u", "c", 1, day + 60, "s2"),
            new("v", "b", 1, 3 * day - 100, "s3"), new("v", "c", 1, 3 * day + 10, "s3"),
            new("v", "c", 1, 4 * day, "s4"), new("v", "a", 1, 4 * day + 60, "s4"),
        ]);

        var test = SessionSplit.LastDays(table, 1);
        var validation = SessionSplit.LastDays(table, 1, validation: true);

        // t_max = 4d + 60: s4 ends after 3d + 60, s3 (ends 3d + 10) does not
        Assert.Equal(["c", "a"], Assert.Single(test.TestSessions).Select(i => table.Items[i]));
        Assert.Equal(3, test.TrainSessions!.UserCount);
        // on the training part t_max = 3d + 10, so s3 is the validation session and s4 is dropped
        Assert.Equal(["b", "c"], Assert.Single(validation.TestSessions).Select(i => table.Items[i]));
        Assert.Equal(2, validation.TrainSessions!.UserCount);
        Assert.Equal(3, validation.Train.UserItems.NonZeros); // u's a, b, c; v's plays are held out or dropped
    }

    [Fact]
    public void Smoothness_is_keysim_and_temposim_of_last_to_top_one_and_to_the_actual_next()
    {
        using var file = TempFile.WithLines("item\ttempo\tkey\tmode", "i0\t120\t0\t1", "i1\t120\t7\t1", "i2\t90\t6\t1", "i3\t60\t0\t1", "x\tnope\t0\t1");
        var items = new IdMap(["i0", "i1", "i2", "i3"]);
        Assert.Throws<MalformedInputException>(() => TrackDescriptors.Read(file.Path, items));

        using var good = TempFile.WithLines("item\ttempo\tkey\tmode", "i0\t120\t0\t1", "i1\t120\t7\t1", "i2\t90\t6\t1", "i3\t60\t0\t1", "unknown\t100\t1\t0");
        var descriptors = TrackDescriptors.Read(good.Path, items);
        Assert.Equal(4, descriptors.Known);

        // the index-order model always puts track 0 first (with repeats); the session is 3 → 2
        var result = NextItemEvaluator.Evaluate(new IndexOrderRecommender(4), AllKnown, [[3, 2]], [1], repeats: true, descriptors: descriptors);

        // 3 → 0: same key (1), 60 → 120 is a doubling (1); 3 → 2: C to F♯ is d = 6 (−1), 60 → 90 is cos(2π log₂ 1.5)
        Assert.Equal(1.0, result.Continuation!.Key, 12);
        Assert.Equal(1.0, result.Continuation.Tempo, 12);
        Assert.Equal(-1.0, result.Actual!.Key, 12);
        Assert.Equal(Math.Cos(2 * Math.PI * Math.Log2(1.5)), result.Actual.Tempo, 12);
        Assert.Null(NextItemEvaluator.Evaluate(new IndexOrderRecommender(4), AllKnown, [[3, 2]], [1], repeats: true).Continuation);
    }
}
