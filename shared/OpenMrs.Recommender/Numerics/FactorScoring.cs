namespace OpenMrs.Recommender.Numerics;

/// <summary>Scores one query vector against every row of a factor matrix (the inner loop of recommend).</summary>
public static class FactorScoring
{
    public static void ScoreAll(ReadOnlySpan<float> query, FactorMatrix items, Span<float> scores)
    {
        if (query.Length != items.Factors) throw new ArgumentException($"query has {query.Length} factors, items have {items.Factors}", nameof(query));
        if (scores.Length != items.Rows) throw new ArgumentException("scores must have one slot per item", nameof(scores));
        var data = items.Data.AsSpan();
        var k = items.Factors;
        for (var i = 0; i < items.Rows; i++) scores[i] = VectorOps.Dot(query, data.Slice(i * k, k));
    }

    public static float[] ScoreAll(ReadOnlySpan<float> query, FactorMatrix items)
    {
        var scores = new float[items.Rows];
        ScoreAll(query, items, scores);
        return scores;
    }
}
