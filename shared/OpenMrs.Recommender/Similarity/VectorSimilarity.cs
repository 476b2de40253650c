using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Similarity;

public enum SimilarityMeasure
{
    Cosine,
    Dot,
    /// <summary>Negated Euclidean distance, so that higher is more similar like the others.</summary>
    Euclidean,
    /// <summary>‖q‖^α ‖x‖^α cos(q, x), 0 &lt; α &lt; 1: tames popular items whose factors have large norms.</summary>
    NormModulatedDot,
}

/// <summary>Similarity between embeddings (factors, audio or text vectors).</summary>
public static class VectorSimilarity
{
    public const float DefaultAlpha = 0.5f;

    public static float Compute(ReadOnlySpan<float> q, ReadOnlySpan<float> x, SimilarityMeasure measure, float alpha = DefaultAlpha)
    {
        var dot = VectorOps.Dot(q, x);
        return measure switch
        {
            SimilarityMeasure.Dot => dot,
            SimilarityMeasure.Cosine => Cosine(dot, VectorOps.Norm(q), VectorOps.Norm(x)),
            SimilarityMeasure.Euclidean => -MathF.Sqrt(MathF.Max(0, VectorOps.Dot(q, q) - 2 * dot + VectorOps.Dot(x, x))),
            SimilarityMeasure.NormModulatedDot => NormModulated(dot, VectorOps.Norm(q), VectorOps.Norm(x), alpha),
            _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, "unknown similarity measure"),
        };
    }

    /// <summary>Similarity of <paramref name="query"/> to every row of <paramref name="items"/>; <paramref name="rowNorms"/> from <see cref="FactorMatrix.RowNorms"/>.</summary>
    public static void ScoreAll(ReadOnlySpan<float> query, FactorMatrix items, ReadOnlySpan<float> rowNorms, SimilarityMeasure measure, Span<float> scores, float alpha = DefaultAlpha)
    {
        if (measure == SimilarityMeasure.NormModulatedDot && alpha is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α must lie in (0, 1)");
        FactorScoring.ScoreAll(query, items, scores);
        if (measure == SimilarityMeasure.Dot) return;
        var qNorm = VectorOps.Norm(query);
        for (var i = 0; i < scores.Length; i++)
        {
            var dot = scores[i];
            scores[i] = measure switch
            {
                SimilarityMeasure.Cosine => Cosine(dot, qNorm, rowNorms[i]),
                SimilarityMeasure.Euclidean => -MathF.Sqrt(MathF.Max(0, qNorm * qNorm - 2 * dot + rowNorms[i] * rowNorms[i])),
                SimilarityMeasure.NormModulatedDot => NormModulated(dot, qNorm, rowNorms[i], alpha),
                _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, "unknown similarity measure"),
            };
        }
    }

    private static float Cosine(float dot, float qNorm, float xNorm) => qNorm > 0 && xNorm > 0 ? dot / (qNorm * xNorm) : 0f;

    private static float NormModulated(float dot, float qNorm, float xNorm, float alpha) =>
        MathF.Pow(qNorm, alpha) * MathF.Pow(xNorm, alpha) * Cosine(dot, qNorm, xNorm);
}
