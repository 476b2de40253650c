namespace OpenMrs.Recommender.Evaluation.Metrics;

/// <summary>
/// Per-user ranking metrics at a cut-off k, one call each (see <see cref="UserRanking"/> for many cut-offs at once).
/// Every function takes <c>gains</c>: for each position of the ranked list, the gain of the item there (0 when it is
/// not relevant, 1 for binary relevance, the held-out play count for graded). Users with no relevant items score 0 on
/// every metric, so they lower a mean instead of vanishing from it.
/// </summary>
public static class RankingMetrics
{
    public static int Hits(ReadOnlySpan<float> gains, int k) => Binary(gains, 0).Hits(k);

    /// <summary>hits / k (the textbook precision; a short list still divides by k).</summary>
    public static double Precision(ReadOnlySpan<float> gains, int k) => Binary(gains, 0).Precision(k);

    /// <summary>hits / min(k, |relevant|): the per-user form of the benchmark's precision, reaching 1 for users with fewer than k relevant items.</summary>
    public static double BoundedPrecision(ReadOnlySpan<float> gains, int relevantCount, int k) => Binary(gains, relevantCount).BoundedPrecision(k);

    public static double Recall(ReadOnlySpan<float> gains, int relevantCount, int k) => Binary(gains, relevantCount).Recall(k);

    /// <summary>AP@k = Σ over hits at rank i ≤ k of precision@i, divided by min(|relevant|, k).</summary>
    public static double AveragePrecision(ReadOnlySpan<float> gains, int relevantCount, int k) => Binary(gains, relevantCount).AveragePrecision(k);

    /// <summary>
    /// Area under the precision–recall curve of the top-k list: Σ precision@i over hits, divided by |relevant|
    /// (relevant items outside the list contribute zero precision).
    /// </summary>
    public static double PrAuc(ReadOnlySpan<float> gains, int relevantCount, int k) => Binary(gains, relevantCount).PrAuc(k);

    /// <summary>
    /// NDCG@k with the given gains; the ideal ordering puts <paramref name="idealGains"/> (all relevant gains) best first.
    /// Discount is 1 / log2(rank + 1).
    /// </summary>
    public static double Ndcg(ReadOnlySpan<float> gains, ReadOnlySpan<float> idealGains, int k) => new UserRanking(gains, idealGains).Ndcg(k);

    /// <summary>1 / rank of the first hit within k, or 0.</summary>
    public static double ReciprocalRank(ReadOnlySpan<float> gains, int k) => Binary(gains, 0).ReciprocalRank(k);

    /// <summary>1 when some relevant item is in the top k, else 0.</summary>
    public static double HitRate(ReadOnlySpan<float> gains, int k) => Binary(gains, 0).HitRate(k);

    /// <summary>
    /// ROC-AUC of the top-k list over all <paramref name="candidateCount"/> rankable items (catalogue minus the
    /// user's training items): the chance that a random relevant item ranks above a random irrelevant one, where
    /// items outside the list tie with each other (counted as ½) and rank below every listed item. With k equal to
    /// the number of candidates this is the ordinary AUC.
    /// </summary>
    public static double RocAuc(ReadOnlySpan<float> gains, int relevantCount, int candidateCount, int k) =>
        new UserRanking(gains, Ones(relevantCount), candidateCount).RocAuc(k);

    private static UserRanking Binary(ReadOnlySpan<float> gains, int relevantCount) => new(gains, Ones(relevantCount));

    private static float[] Ones(int count)
    {
        var ones = new float[count];
        Array.Fill(ones, 1f);
        return ones;
    }
}
