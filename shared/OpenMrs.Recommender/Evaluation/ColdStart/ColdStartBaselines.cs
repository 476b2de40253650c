using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Evaluation.ColdStart;

/// <summary>The two baselines ALGORITHMS.md C compares content-to-factors with: random factors and the artist's average.</summary>
public static class ColdStartBaselines
{
    /// <summary><paramref name="tracks"/> × <paramref name="factors"/> Gaussian unit vectors.</summary>
    public static FactorMatrix Random(int tracks, int factors, int seed)
    {
        var matrix = FactorMatrix.Gaussian(tracks, factors, 1, seed);
        NormaliseRows(matrix);
        return matrix;
    }

    /// <summary>
    /// Each held-out track gets the mean of the L2-normalised factors of its artist's training tracks (the "averaging
    /// related items" cold start of ALGORITHMS.md B), renormalised; a track whose artist has no training track gets a
    /// random unit vector, since nothing else is known about it.
    /// </summary>
    /// <param name="heldOutArtists">The artist of each held-out track.</param>
    /// <param name="trainArtists">The artist of each training track (row of <paramref name="trainFactors"/>).</param>
    /// <param name="trainFactors">training tracks × k item factors.</param>
    public static FactorMatrix ArtistAverage(
        IReadOnlyList<string> heldOutArtists, IReadOnlyList<string> trainArtists, FactorMatrix trainFactors, int seed)
    {
        var k = trainFactors.Factors;
        var sums = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var norms = trainFactors.RowNorms();
        for (var i = 0; i < trainArtists.Count; i++)
        {
            if (norms[i] == 0) continue;
            if (!sums.TryGetValue(trainArtists[i], out var sum)) sums[trainArtists[i]] = sum = new float[k];
            VectorOps.Axpy(1 / norms[i], trainFactors.Row(i), sum);
        }
        var result = Random(heldOutArtists.Count, k, seed);
        for (var i = 0; i < heldOutArtists.Count; i++)
            if (sums.TryGetValue(heldOutArtists[i], out var sum)) sum.CopyTo(result.Row(i));
        NormaliseRows(result);
        return result;
    }

    private static void NormaliseRows(FactorMatrix matrix)
    {
        for (var r = 0; r < matrix.Rows; r++)
        {
            var row = matrix.Row(r);
            var norm = VectorOps.Norm(row);
            if (norm > 0)
                for (var i = 0; i < row.Length; i++) row[i] /= norm;
        }
    }
}
