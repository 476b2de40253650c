namespace OpenMrs.Recommender.Evaluation.Metrics;

/// <summary>
/// Per-user ranking metrics at a cut-off k. Every function takes <c>gains</c>: for each position of the ranked list,
/// the gain of the item there (0 when it is not relevant, 1 for binary relevance, the held-out play count for graded).
/// Users with no relevant items score 0 on every metric, so they lower a mean instead of vanishing from it.
/// </summary>
public static class RankingMetrics
{
    public static int Hits(ReadOnlySpan<float> gains, int k)
    {
        var hits = 0;
        foreach (var gain in Cut(gains, k)) if (gain > 0) hits++;
        return hits;
    }

    /// <summary>hits / k (the textbook precision; a short list still divides by k).</summary>
    public static double Precision(ReadOnlySpan<float> gains, int k) => k <= 0 ? 0 : (double)Hits(gains, k) / k;

    /// <summary>hits / min(k, |relevant|): the per-user form of the benchmark's precision, reaching 1 for users with fewer than k relevant items.</summary>
    public static double BoundedPrecision(ReadOnlySpan<float> gains, int relevantCount, int k) =>
        relevantCount == 0 || k <= 0 ? 0 : (double)Hits(gains, k) / Math.Min(k, relevantCount);

    public static double Recall(ReadOnlySpan<float> gains, int relevantCount, int k) =>
        relevantCount == 0 ? 0 : (double)Hits(gains, k) / relevantCount;

    /// <summary>AP@k = Σ over hits at rank i of precision@i, divided by min(|relevant|, k).</summary>
    public static double AveragePrecision(ReadOnlySpan<float> gains, int relevantCount, int k) =>
        relevantCount == 0 || k <= 0 ? 0 : SumOfPrecisionAtHits(gains, k) / Math.Min(relevantCount, k);

    /// <summary>
    /// Area under the precision–recall curve of the top-k list: Σ precision@i over hits, divided by |relevant|
    /// (relevant items outside the list contribute zero precision).
    /// </summary>
    public static double PrAuc(ReadOnlySpan<float> gains, int relevantCount, int k) =>
        relevantCount == 0 ? 0 : SumOfPrecisionAtHits(gains, k) / relevantCount;

    /// <summary>
    /// NDCG@k with the given gains; the ideal ordering puts <paramref name="idealGains"/> (all relevant gains) best first.
    /// Discount is 1 / log2(rank + 1).
    /// </summary>
    public static double Ndcg(ReadOnlySpan<float> gains, ReadOnlySpan<float> idealGains, int k)
    {
        var ideal = idealGains.ToArray();
        Array.Sort(ideal, (a, b) => b.CompareTo(a));
        return NdcgWithSortedIdeal(gains, ideal, k);
    }

    /// <summary>As <see cref="Ndcg"/>, with the ideal gains already sorted best first (saves a sort per cut-off).</summary>
    public static double NdcgWithSortedIdeal(ReadOnlySpan<float> gains, ReadOnlySpan<float> idealDescending, int k)
    {
        double dcg = 0, idcg = 0;
        var cut = Cut(gains, k);
        for (var i = 0; i < cut.Length; i++) dcg += cut[i] / Math.Log2(i + 2);
        var ideal = Cut(idealDescending, k);
        for (var i = 0; i < ideal.Length; i++) idcg += ideal[i] / Math.Log2(i + 2);
        return idcg <= 0 ? 0 : dcg / idcg;
    }

    /// <summary>1 / rank of the first hit within k, or 0.</summary>
    public static double ReciprocalRank(ReadOnlySpan<float> gains, int k)
    {
        var cut = Cut(gains, k);
        for (var i = 0; i < cut.Length; i++) if (cut[i] > 0) return 1.0 / (i + 1);
        return 0;
    }

    /// <summary>1 when some relevant item is in the top k, else 0.</summary>
    public static double HitRate(ReadOnlySpan<float> gains, int k) => Hits(gains, k) > 0 ? 1 : 0;

    /// <summary>
    /// ROC-AUC of the top-k list over all <paramref name="candidateCount"/> rankable items (catalogue minus the
    /// user's training items): the chance that a random relevant item ranks above a random irrelevant one, where
    /// items outside the list tie with each other (counted as ½) and rank below every listed item. With k equal to
    /// the number of candidates this is the ordinary AUC.
    /// </summary>
    public static double RocAuc(ReadOnlySpan<float> gains, int relevantCount, int candidateCount, int k)
    {
        var negatives = candidateCount - relevantCount;
        if (relevantCount == 0) return 0;
        if (negatives <= 0) return 1;
        var cut = Cut(gains, k);
        double wonPairs = 0;
        int hits = 0, negativesAbove = 0;
        foreach (var gain in cut)
        {
            if (gain > 0)
            {
                hits++;
                wonPairs += negatives - negativesAbove;
            }
            else negativesAbove++;
        }
        var unlistedRelevant = relevantCount - hits;
        var unlistedNegatives = negatives - negativesAbove;
        wonPairs += 0.5 * unlistedRelevant * unlistedNegatives;
        return wonPairs / ((double)relevantCount * negatives);
    }

    private static double SumOfPrecisionAtHits(ReadOnlySpan<float> gains, int k)
    {
        var cut = Cut(gains, k);
        double sum = 0;
        var hits = 0;
        for (var i = 0; i < cut.Length; i++)
        {
            if (cut[i] <= 0) continue;
            hits++;
            sum += (double)hits / (i + 1);
        }
        return sum;
    }

    private static ReadOnlySpan<float> Cut(ReadOnlySpan<float> gains, int k) => gains[..Math.Clamp(k, 0, gains.Length)];
}
