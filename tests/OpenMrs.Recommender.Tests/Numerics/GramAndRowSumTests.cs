using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Tests.Numerics;

public sealed class GramAndRowSumTests
{
    [Theory]
    [InlineData(11, 64, 1)]
    [InlineData(4099, 64, 2)]
    [InlineData(13, 7, 1)]
    public void Gram_matrix_matches_the_naive_double_sum(int rows, int k, int threads)
    {
        var x = FactorMatrix.Gaussian(rows, k, 1, rows);
        var gram = GramMatrix.Compute(x, threads);
        for (var i = 0; i < k; i++)
            for (var j = 0; j < k; j++)
            {
                double sum = 0;
                for (var r = 0; r < rows; r++) sum += (double)x.Row(r)[i] * x.Row(r)[j];
                Assert.Equal(sum, gram[i * k + j], Math.Max(1e-3, Math.Abs(sum) * 1e-4));
            }
    }

    [Theory]
    [InlineData(64, 9)]
    [InlineData(64, 10)]
    [InlineData(24, 9)]
    public void Weighted_row_sum_matches_the_scalar_formula(int k, int nonZeros)
    {
        var other = FactorMatrix.Gaussian(50, k, 1, k + nonZeros);
        var random = new Random(nonZeros);
        var indices = Enumerable.Range(0, 50).OrderBy(_ => random.Next()).Take(nonZeros).Order().ToArray();
        var a = indices.Select(_ => (float)random.NextDouble()).ToArray();
        var b = indices.Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var v = Enumerable.Range(0, k).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var acc = Enumerable.Range(0, k).Select(_ => (float)random.NextDouble()).ToArray();

        var expected = acc.Select(s => (double)s).ToArray();
        for (var n = 0; n < nonZeros; n++)
        {
            var y = other.Row(indices[n]);
            double dot = 0;
            for (var f = 0; f < k; f++) dot += y[f] * v[f];
            for (var f = 0; f < k; f++) expected[f] += (a[n] + b[n] * dot) * y[f];
        }

        WeightedRowSum.Accumulate(other, indices, a, b, ref v[0], ref acc[0]);

        for (var f = 0; f < k; f++) Assert.Equal(expected[f], acc[f], 1e-3);
    }
}
