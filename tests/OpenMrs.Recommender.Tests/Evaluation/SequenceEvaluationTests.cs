using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Data.Readers;
using OpenMrs.Recommender.Evaluation.Sequences;
using OpenMrs.Recommender.Models;

namespace OpenMrs.Recommender.Tests.Evaluation;

public class SequenceEvaluationTests
{
    /// <summary>Recommends the items after the highest one in the history, nearest first, then the rest in index order.</summary>
    private sealed class SuccessorRecommender(int items, int offset) : IRecommender
    {
        public string Kind => "successor";
        public void Fit(InteractionMatrix interactions, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default) { }
        public ScoredItem[] Recommend(int user, int count, bool excludeSeen = true) => throw new NotSupportedException();

        public ScoredItem[] RecommendForHistory(SparseRow history, int count, bool excludeSeen = true)
        {
            var start = history.Indices.Max() + offset;
            return Enumerable.Range(0, items).Select(i => (start + i) % items)
                .Where(i => !history.Indices.Contains(i)).Take(count)
                .Select((item, rank) => new ScoredItem(item, -rank)).ToArray();
        }

        public ScoredItem[] SimilarItems(int item, int count) => throw new NotSupportedException();
        public Contribution[] Explain(SparseRow history, int item, int count) => [];
        public void Save(BinaryWriter writer) => throw new NotSupportedException();
    }

    private static CsrMatrix TrainWithItems(int items, params int[] present) =>
        CsrMatrix.FromTriplets(1, items, present.Select(i => (0, i, 1f)));

    [Fact]
    public void A_model_that_knows_the_successor_scores_perfectly()
    {
        var train = TrainWithItems(10, Enumerable.Range(0, 10).ToArray());
        int[][] sessions = [[1, 2, 3, 4], [5, 6]];

        var result = NextItemEvaluator.Evaluate(new SuccessorRecommender(10, 1), train, sessions, [1, 5]);

        Assert.Equal(4, result.Steps);
        Assert.Equal(1.0, result.At(1).HitRate, 12);
        Assert.Equal(1.0, result.At(5).Mrr, 12);
        Assert.Equal(1.0, result.At(5).Ndcg, 12);
    }

    [Fact]
    public void A_model_that_skips_ahead_ranks_the_next_track_late()
    {
        var train = TrainWithItems(10, Enumerable.Range(0, 10).ToArray());
        int[][] sessions = [[1, 2, 3, 4]];

        var result = NextItemEvaluator.Evaluate(new SuccessorRecommender(10, 2), train, sessions, [5, 10]);

        // lists start two past the highest item and wrap: the true next tracks land at ranks 9, 8 and 7
        Assert.Equal(3, result.Steps);
        Assert.Equal(0.0, result.At(5).HitRate, 12);
        Assert.Equal(1.0, result.At(10).HitRate, 12);
        Assert.Equal((1.0 / 9 + 1.0 / 8 + 1.0 / 7) / 3, result.At(10).Mrr, 12);
        Assert.Equal((1 / Math.Log2(10) + 1 / Math.Log2(9) + 1 / Math.Log2(8)) / 3, result.At(10).Ndcg, 12);
    }

    [Fact]
    public void Steps_to_tracks_never_seen_in_training_are_skipped_and_counted()
    {
        var train = TrainWithItems(10, 1, 2, 3);
        int[][] sessions = [[1, 2, 7, 3]];

        var result = NextItemEvaluator.Evaluate(new SuccessorRecommender(10, 1), train, sessions, [3]);

        Assert.Equal(1, result.SkippedColdSteps);
        Assert.Equal(2, result.Steps);
        // step 1 → 2 is the successor (hit at 1); step [1,2,7] → 3: the list runs 8, 9, 0, ... so 3 is not in the top 3
        Assert.Equal(0.5, result.At(3).HitRate, 12);
    }

    [Fact]
    public void Session_split_holds_out_the_latest_sessions_whole_in_time_order()
    {
        var table = InteractionTable.Load([
            new("u", "a", 1, 100, "s1"), new("u", "b", 1, 110, "s1"),
            new("u", "d", 1, 320, "s3"), new("u", "c", 1, 300, "s3"),
            new("v", "a", 1, 200, "s2"), new("v", "c", 1, 210, "s2"), new("v", "d", 1, 220, "s2"),
        ]);

        var split = SessionSplit.ByTime(table, testFraction: 0.34);

        var session = Assert.Single(split.TestSessions);
        Assert.Equal(["c", "d"], session.Select(i => table.Items[i]));
        Assert.Equal(5, split.Train.UserItems.NonZeros);
        Assert.Equal(0f, split.Train.UserItems.Get(table.Users.GetOrAdd("u"), table.Items.GetOrAdd("d")));
    }

    [Fact]
    public void Session_split_needs_sessions() =>
        Assert.Throws<InvalidOperationException>(() => SessionSplit.ByTime(InteractionTable.Load([new("u", "a", 1, 5)])));
}
