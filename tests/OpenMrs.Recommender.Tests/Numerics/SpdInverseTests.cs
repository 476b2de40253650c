using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Tests.Numerics;

public sealed class SpdInverseTests
{
    // 150 crosses the 64-row blocks and leaves short edge tiles; 530 also crosses a 512-column panel.
    [Theory]
    [InlineData(5)]
    [InlineData(150)]
    [InlineData(530)]
    public void Inverse_times_the_matrix_is_the_identity(int n)
    {
        var a = RandomSpd(n, seed: n);
        var inverse = Array.ConvertAll(a, v => (float)v);
        SpdInverse.InvertInPlace(inverse, n, threads: 2);

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                Assert.Equal(inverse[i * n + j], inverse[j * n + i]);
                double product = 0;
                for (var k = 0; k < n; k++) product += a[i * n + k] * inverse[k * n + j];
                Assert.True(Math.Abs(product - (i == j ? 1 : 0)) < 2e-4, $"(A·A⁻¹)[{i},{j}] = {product}");
            }
        }
    }

    [Fact]
    public void Refuses_a_matrix_that_is_not_positive_definite()
    {
        float[] indefinite = [1, 2, 2, 1];
        Assert.Contains("positive definite", Assert.Throws<ArgumentException>(() => SpdInverse.InvertInPlace(indefinite, 2)).Message);
    }

    /// <summary>MᵀM/n + I with M uniform in [−1, 1): well conditioned, dense, symmetric.</summary>
    private static double[] RandomSpd(int n, int seed)
    {
        var random = new Random(seed);
        var m = new double[n * n];
        for (var i = 0; i < m.Length; i++) m[i] = random.NextDouble() * 2 - 1;
        var a = new double[n * n];
        for (var p = 0; p < n; p++)
            for (var i = 0; i < n; i++)
            {
                var mpi = m[p * n + i];
                for (var j = 0; j < n; j++) a[i * n + j] += mpi * m[p * n + j] / n;
            }
        for (var i = 0; i < n; i++) a[i * n + i] += 1;
        // Make it exactly symmetric after rounding to float.
        for (var i = 0; i < n; i++)
            for (var j = 0; j < i; j++) a[j * n + i] = a[i * n + j] = (float)a[i * n + j];
        for (var i = 0; i < n; i++) a[i * n + i] = (float)a[i * n + i];
        return a;
    }
}
