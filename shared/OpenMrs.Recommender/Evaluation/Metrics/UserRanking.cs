namespace OpenMrs.Recommender.Evaluation.Metrics;

/// <summary>
/// One user's ranked list scored against their held-out items, with prefix sums so every metric at every cut-off k
/// costs O(1) after an O(list length) build. <see cref="RankingMetrics"/> is the one-shot form of the same definitions.
/// </summary>
public sealed class UserRanking
{
    private readonly int[] _hits;
    private readonly double[] _precisionAtHits;
    private readonly double[] _dcg;
    private readonly double[] _idealDcg;
    private readonly double[] _wonPairs;
    private readonly int _firstHit;
    private readonly long _negatives;

    /// <param name="gains">Gain of the item at each position of the list (0 when not relevant).</param>
    /// <param name="idealGains">The gains of all relevant items, in any order (their count is |relevant|).</param>
    /// <param name="candidateCount">How many items could have been ranked (for AUC); defaults to the list length plus the unlisted relevant items.</param>
    public UserRanking(ReadOnlySpan<float> gains, ReadOnlySpan<float> idealGains, int? candidateCount = null)
    {
        Length = gains.Length;
        RelevantCount = idealGains.Length;
        _hits = new int[Length + 1];
        _precisionAtHits = new double[Length + 1];
        _dcg = new double[Length + 1];
        _firstHit = -1;
        for (var p = 0; p < Length; p++)
        {
            var hit = gains[p] > 0;
            _hits[p + 1] = _hits[p] + (hit ? 1 : 0);
            _precisionAtHits[p + 1] = _precisionAtHits[p] + (hit ? (double)_hits[p + 1] / (p + 1) : 0);
            _dcg[p + 1] = _dcg[p] + gains[p] * Discount(p);
            if (hit && _firstHit < 0) _firstHit = p;
        }

        var candidates = candidateCount ?? Length + RelevantCount - _hits[Length];
        _negatives = Math.Max(0, candidates - RelevantCount);
        _wonPairs = new double[Length + 1];
        for (var p = 0; p < Length; p++)
        {
            var negativesAbove = p - _hits[p];
            _wonPairs[p + 1] = _wonPairs[p] + (gains[p] > 0 ? _negatives - negativesAbove : 0);
        }

        var ideal = idealGains.ToArray();
        Array.Sort(ideal, (a, b) => b.CompareTo(a));
        _idealDcg = new double[ideal.Length + 1];
        for (var i = 0; i < ideal.Length; i++) _idealDcg[i + 1] = _idealDcg[i] + ideal[i] * Discount(i);
    }

    private static readonly double[] Discounts = [.. Enumerable.Range(0, 4096).Select(p => 1 / Math.Log2(p + 2))];

    /// <summary>1 / log2(position + 2) for a 0-based position, from a table for the usual list lengths.</summary>
    private static double Discount(int position) => position < Discounts.Length ? Discounts[position] : 1 / Math.Log2(position + 2);

    public int Length { get; }
    public int RelevantCount { get; }

    public int Hits(int k) => _hits[Cut(k)];

    public double Precision(int k) => k <= 0 ? 0 : (double)Hits(k) / k;

    public double BoundedPrecision(int k) => RelevantCount == 0 || k <= 0 ? 0 : (double)Hits(k) / Math.Min(k, RelevantCount);

    public double Recall(int k) => RelevantCount == 0 ? 0 : (double)Hits(k) / RelevantCount;

    public double AveragePrecision(int k) => RelevantCount == 0 || k <= 0 ? 0 : _precisionAtHits[Cut(k)] / Math.Min(RelevantCount, k);

    public double PrAuc(int k) => RelevantCount == 0 ? 0 : _precisionAtHits[Cut(k)] / RelevantCount;

    public double Ndcg(int k)
    {
        var idcg = _idealDcg[Math.Clamp(k, 0, _idealDcg.Length - 1)];
        return idcg <= 0 ? 0 : _dcg[Cut(k)] / idcg;
    }

    public double ReciprocalRank(int k) => _firstHit >= 0 && _firstHit < k ? 1.0 / (_firstHit + 1) : 0;

    public double HitRate(int k) => Hits(k) > 0 ? 1 : 0;

    public double RocAuc(int k)
    {
        if (RelevantCount == 0) return 0;
        if (_negatives == 0) return 1;
        var cut = Cut(k);
        var unlistedRelevant = RelevantCount - _hits[cut];
        var unlistedNegatives = _negatives - (cut - _hits[cut]);
        return (_wonPairs[cut] + 0.5 * unlistedRelevant * unlistedNegatives) / ((double)RelevantCount * _negatives);
    }

    private int Cut(int k) => Math.Clamp(k, 0, Length);
}
