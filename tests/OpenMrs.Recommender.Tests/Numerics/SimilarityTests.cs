using OpenMrs.Recommender.Numerics;
using OpenMrs.Recommender.Similarity;

namespace OpenMrs.Recommender.Tests.Numerics;

public sealed class SimilarityTests
{
    private static readonly float[] Q = [3, 4];
    private static readonly float[] X = [4, 3];

    [Fact]
    public void Measures_match_their_definitions()
    {
        Assert.Equal(24f, VectorSimilarity.Compute(Q, X, SimilarityMeasure.Dot), 4);
        Assert.Equal(24f / 25f, VectorSimilarity.Compute(Q, X, SimilarityMeasure.Cosine), 5);
        Assert.Equal(-MathF.Sqrt(2), VectorSimilarity.Compute(Q, X, SimilarityMeasure.Euclidean), 5);
        Assert.Equal(MathF.Pow(5, 0.5f) * MathF.Pow(5, 0.5f) * 24f / 25f, VectorSimilarity.Compute(Q, X, SimilarityMeasure.NormModulatedDot, 0.5f), 4);
    }

    [Fact]
    public void Norm_modulation_ranks_a_long_vector_below_an_aligned_short_one_for_small_alpha()
    {
        var items = new FactorMatrix(2, 2, [1, 0.05f, 10, 10]);
        var scores = new float[2];
        VectorSimilarity.ScoreAll([1, 0], items, items.RowNorms(), SimilarityMeasure.NormModulatedDot, scores, alpha: 0.1f);
        Assert.True(scores[0] > scores[1]);
        VectorSimilarity.ScoreAll([1, 0], items, items.RowNorms(), SimilarityMeasure.Dot, scores);
        Assert.True(scores[1] > scores[0]);
    }

    [Fact]
    public void Batch_scoring_matches_pairwise_scoring()
    {
        var items = FactorMatrix.Gaussian(20, 7, 1, 5);
        var query = FactorMatrix.Gaussian(1, 7, 1, 6).Row(0).ToArray();
        var scores = new float[20];
        foreach (var measure in Enum.GetValues<SimilarityMeasure>())
        {
            VectorSimilarity.ScoreAll(query, items, items.RowNorms(), measure, scores);
            for (var i = 0; i < 20; i++) Assert.Equal(VectorSimilarity.Compute(query, items.Row(i), measure), scores[i], 3);
        }
    }
}
