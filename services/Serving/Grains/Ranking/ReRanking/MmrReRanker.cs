namespace OpenMrs.Serving.Grains.Ranking.ReRanking;

/// <summary>
/// Maximal marginal relevance (Carbonell &amp; Goldstein 1998) over the best <see cref="PoolPerItem"/> × count
/// candidates: repeatedly takes argmax (1 − λ) · relevance − λ · max similarity to the items already taken, λ the
/// request's diversity. Relevance is the score min-max normalised over the pool; similarity is the cosine of the
/// personal model's item factors, or 1 for the same artist and 0 otherwise when a track is not in that model.
/// λ = 0 leaves the order as it is.
/// </summary>
public sealed class MmrReRanker : IReRanker
{
    public const int PoolPerItem = 3;

    public IReadOnlyList<Candidate> ReRank(RankingContext context, IReadOnlyList<Candidate> ranked)
    {
        var lambda = context.Diversity;
        if (lambda <= 0 || ranked.Count < 3) return ranked;
        var pool = ranked.Take(Math.Max(context.Count * PoolPerItem, context.Count + 10)).ToList();
        var (low, high) = (pool.Min(c => c.Score), pool.Max(c => c.Score));
        var span = high - low;
        var personal = context.Model.Personal;
        var indices = pool.Select(c => personal is not null && personal.Model.Items.TryGetIndex(c.TrackId, out var i) ? i : -1).ToArray();
        var maxSimilarity = new double[pool.Count];
        Array.Fill(maxSimilarity, double.NegativeInfinity);
        var taken = new bool[pool.Count];
        var result = new List<Candidate>(ranked.Count);
        for (var step = 0; step < pool.Count; step++)
        {
            var best = -1;
            var bestValue = double.NegativeInfinity;
            for (var n = 0; n < pool.Count; n++)
            {
                if (taken[n]) continue;
                var relevance = span > 0 ? (pool[n].Score - low) / span : 1;
                var redundancy = result.Count == 0 ? 0 : maxSimilarity[n];
                var value = (1 - lambda) * relevance - lambda * redundancy;
                if (value > bestValue) (best, bestValue) = (n, value);
            }
            taken[best] = true;
            result.Add(pool[best]);
            for (var n = 0; n < pool.Count; n++)
                if (!taken[n]) maxSimilarity[n] = Math.Max(maxSimilarity[n], Similarity(personal, indices, pool, best, n));
        }
        result.AddRange(ranked.Skip(pool.Count));
        return result;
    }

    private static double Similarity(Models.ModelPart? personal, int[] indices, List<Candidate> pool, int a, int b)
    {
        if (personal is not null && indices[a] >= 0 && indices[b] >= 0) return personal.FactorCosine(indices[a], indices[b]) ?? 0;
        return pool[a].Artist.Length > 0 && string.Equals(pool[a].Artist, pool[b].Artist, StringComparison.OrdinalIgnoreCase) ? 1 : 0;
    }
}
