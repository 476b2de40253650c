using OpenMrs.Recommender.Evaluation.Metrics;

namespace OpenMrs.Recommender.Tests.Evaluation;

public class RankingMetricsTests
{
    private const double Tolerance = 1e-9;
    private static readonly float[] TwoHits = [1, 0, 1, 0, 0];

    [Fact]
    public void Precision_and_recall_count_hits_in_the_top_k()
    {
        Assert.Equal(2, RankingMetrics.Hits(TwoHits, 5));
        Assert.Equal(0.4, RankingMetrics.Precision(TwoHits, 5), Tolerance);
        Assert.Equal(2.0 / 3, RankingMetrics.BoundedPrecision(TwoHits, relevantCount: 3, k: 5), Tolerance);
        Assert.Equal(2.0 / 3, RankingMetrics.Recall(TwoHits, relevantCount: 3, k: 5), Tolerance);
        Assert.Equal(1.0 / 3, RankingMetrics.Recall(TwoHits, relevantCount: 3, k: 2), Tolerance);
    }

    [Fact]
    public void A_short_list_still_divides_precision_by_k() => Assert.Equal(0.1, RankingMetrics.Precision([1f], 10), Tolerance);

    [Fact]
    public void Bounded_precision_divides_by_min_of_k_and_relevant() =>
        Assert.Equal(1.0, RankingMetrics.BoundedPrecision([1f, 1f, 0f], relevantCount: 2, k: 10), Tolerance);

    [Fact]
    public void Average_precision_divides_by_min_of_relevant_and_k()
    {
        // hits at ranks 1 and 3: precisions 1 and 2/3
        Assert.Equal((1 + 2.0 / 3) / 3, RankingMetrics.AveragePrecision(TwoHits, relevantCount: 3, k: 5), Tolerance);
        // only rank 1 is within k = 2, and min(3, 2) = 2
        Assert.Equal(0.5, RankingMetrics.AveragePrecision(TwoHits, relevantCount: 3, k: 2), Tolerance);
        // one relevant item found at rank 3
        Assert.Equal(1.0 / 3, RankingMetrics.AveragePrecision([0f, 0f, 1f], relevantCount: 1, k: 10), Tolerance);
    }

    [Fact]
    public void Pr_auc_divides_by_all_relevant_items() =>
        Assert.Equal(1.0 / 3, RankingMetrics.PrAuc(TwoHits, relevantCount: 3, k: 2), Tolerance);

    [Fact]
    public void Users_without_relevant_items_score_zero_everywhere()
    {
        float[] none = [0, 0, 0];
        Assert.Equal(0, RankingMetrics.AveragePrecision(none, 0, 3));
        Assert.Equal(0, RankingMetrics.Recall(none, 0, 3));
        Assert.Equal(0, RankingMetrics.BoundedPrecision(none, 0, 3));
        Assert.Equal(0, RankingMetrics.Ndcg(none, [], 3));
        Assert.Equal(0, RankingMetrics.RocAuc(none, 0, 10, 3));
        Assert.Equal(0, RankingMetrics.PrAuc(none, 0, 3));
        Assert.Equal(0, RankingMetrics.ReciprocalRank(none, 3));
        Assert.Equal(0, RankingMetrics.HitRate(none, 3));
    }

    [Fact]
    public void Ndcg_with_binary_gains()
    {
        var dcg = 1 + 1 / Math.Log2(4);
        var idcg = 1 + 1 / Math.Log2(3) + 1 / Math.Log2(4);
        Assert.Equal(dcg / idcg, RankingMetrics.Ndcg([1f, 0f, 1f], [1f, 1f, 1f], 3), Tolerance);
    }

    [Fact]
    public void Ndcg_with_play_count_gains_sorts_the_ideal()
    {
        var dcg = 1 + 3 / Math.Log2(3);
        var idcg = 3 + 1 / Math.Log2(3);
        Assert.Equal(dcg / idcg, RankingMetrics.Ndcg([1f, 3f], [1f, 3f], 2), Tolerance);
        Assert.Equal(1.0, RankingMetrics.Ndcg([3f, 1f], [1f, 3f], 2), Tolerance);
    }

    [Fact]
    public void Reciprocal_rank_and_hit_rate()
    {
        Assert.Equal(1.0 / 3, RankingMetrics.ReciprocalRank([0f, 0f, 1f, 1f], 5), Tolerance);
        Assert.Equal(0, RankingMetrics.ReciprocalRank([0f, 0f, 1f], 2));
        Assert.Equal(1, RankingMetrics.HitRate([0f, 0f, 1f], 3));
        Assert.Equal(0, RankingMetrics.HitRate([0f, 0f, 1f], 2));
    }

    [Fact]
    public void Roc_auc_of_a_full_ranking_is_the_share_of_correctly_ordered_pairs()
    {
        // relevant at ranks 1 and 3 of 5: pairs (r, n) won = 3 + 2 of 2 × 3
        Assert.Equal(5.0 / 6, RankingMetrics.RocAuc(TwoHits, relevantCount: 2, candidateCount: 5, k: 5), Tolerance);
        Assert.Equal(1.0, RankingMetrics.RocAuc([1f, 1f, 0f], 2, 3, 3), Tolerance);
        Assert.Equal(0.0, RankingMetrics.RocAuc([0f, 1f], 1, 2, 2), Tolerance);
    }

    [Fact]
    public void Roc_auc_of_a_truncated_list_ties_the_unlisted_items()
    {
        // top 1 holds a relevant item (beats 3 negatives); the other relevant item ties with the 3 unlisted negatives
        Assert.Equal((3 + 0.5 * 3) / 6, RankingMetrics.RocAuc(TwoHits, relevantCount: 2, candidateCount: 5, k: 1), Tolerance);
        // an empty list is a coin toss
        Assert.Equal(0.5, RankingMetrics.RocAuc([], relevantCount: 2, candidateCount: 10, k: 5), Tolerance);
    }
}
