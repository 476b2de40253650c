using OpenMrs.Serving.Grains.Ranking.Scoring;

namespace OpenMrs.Benchmarks.Benchmarks.Scoring;

/// <summary>
/// Coordinate ascent over <see cref="ScoringWeights"/>: from a start setting, try every grid value of one weight with
/// the others fixed, keep the best (strictly better NDCG@k only, so ties keep the current value), move to the next
/// weight; repeat passes until one changes nothing. Every setting is evaluated once (memoised).
/// </summary>
internal static class WeightSearch
{
    /// <summary>The searched weights (audio is left out: the replay has no audio embeddings).</summary>
    public static readonly (string Name, Func<ScoringWeights, double> Get, Action<ScoringWeights, double> Set)[] Dimensions =
    [
        ("collaborative", w => w.Collaborative, (w, v) => w.Collaborative = v),
        ("ranker", w => w.Ranker, (w, v) => w.Ranker = v),
        ("neighbours", w => w.Neighbours, (w, v) => w.Neighbours = v),
        ("session", w => w.Session, (w, v) => w.Session = v),
        ("popularity", w => w.Popularity, (w, v) => w.Popularity = v),
        ("freshness", w => w.Freshness, (w, v) => w.Freshness = v),
        ("artistSkipPenalty", w => w.ArtistSkipPenalty, (w, v) => w.ArtistSkipPenalty = v),
    ];

    public static readonly double[] Grid = [0, 0.05, 0.1, 0.25, 0.5, 1, 2];

    public static ScoringWeights With(ScoringWeights source, int dimension, double value)
    {
        var copy = new ScoringWeights { Audio = source.Audio, SkipsForFullPenalty = source.SkipsForFullPenalty };
        foreach (var d in Dimensions) d.Set(copy, d.Get(source));
        Dimensions[dimension].Set(copy, value);
        return copy;
    }

    public static string Describe(ScoringWeights w) => string.Join(" ", Dimensions.Select(d => FormattableString.Invariant($"{d.Name}={d.Get(w):0.##}")));

    /// <returns>The best setting and every evaluated one in evaluation order.</returns>
    public static (ScoringWeights Best, Quality Quality, IReadOnlyList<(ScoringWeights Weights, Quality Quality)> Tried) CoordinateAscent(
        ScoringWeights start, Func<ScoringWeights, Quality> evaluate, int maxPasses, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, Quality>(StringComparer.Ordinal);
        var tried = new List<(ScoringWeights, Quality)>();
        Quality Score(ScoringWeights w)
        {
            var key = Describe(w);
            if (seen.TryGetValue(key, out var known)) return known;
            var quality = evaluate(w);
            seen[key] = quality;
            tried.Add((w, quality));
            Console.WriteLine($"  {key}: NDCG@10 {quality.Ndcg:F4}  HitRate@10 {quality.HitRate:F4}");
            return quality;
        }

        var best = With(start, 0, start.Collaborative);
        var bestQuality = Score(best);
        for (var pass = 0; pass < maxPasses; pass++)
        {
            var moved = false;
            for (var d = 0; d < Dimensions.Length; d++)
                foreach (var value in Grid)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var candidate = With(best, d, value);
                    var quality = Score(candidate);
                    if (quality.Ndcg <= bestQuality.Ndcg + 1e-9) continue;
                    (best, bestQuality, moved) = (candidate, quality, true);
                }
            if (!moved) break;
        }
        return (best, bestQuality, tried);
    }
}
