using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Tests.Numerics;

public sealed class LinearAlgebraTests
{
    [Fact]
    public void Cholesky_solves_a_random_positive_definite_system()
    {
        const int n = 9;
        var random = new Random(1);
        var m = new double[n * n];
        for (var i = 0; i < m.Length; i++) m[i] = random.NextDouble() - 0.5;
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                for (var p = 0; p < n; p++) a[i * n + j] += m[p * n + i] * m[p * n + j];
                if (i == j) a[i * n + j] += 0.5;
            }
        var expected = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        var b = new double[n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++) b[i] += a[i * n + j] * expected[j];

        var x = new Cholesky(a, n).Solve(b);

        for (var i = 0; i < n; i++) Assert.Equal(expected[i], x[i], 9);
    }

    [Fact]
    public void Cholesky_rejects_an_indefinite_matrix() =>
        Assert.Throws<ArgumentException>(() => new Cholesky([1, 2, 2, 1], 2));

    [Fact]
    public void Vector_kernels_match_scalar_loops_at_awkward_lengths()
    {
        var random = new Random(2);
        foreach (var length in new[] { 1, 7, 8, 13, 64, 67 })
        {
            var x = Enumerable.Range(0, length).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
            var y = Enumerable.Range(0, length).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
            var dot = 0.0;
            for (var i = 0; i < length; i++) dot += x[i] * y[i];
            Assert.Equal(dot, VectorOps.Dot(x, y), 4);

            var axpy = (float[])y.Clone();
            VectorOps.Axpy(1.5f, x, axpy);
            for (var i = 0; i < length; i++) Assert.Equal(y[i] + 1.5f * x[i], axpy[i], 5);
        }
    }

    [Fact]
    public void Symmetric_eigen_decomposition_reconstructs_the_matrix()
    {
        const int n = 6;
        var random = new Random(3);
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = random.NextDouble() - 0.5;

        var (values, vectors) = SymmetricEigen.Decompose(a, n);

        for (var i = 1; i < n; i++) Assert.True(values[i - 1] >= values[i]);
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                double sum = 0;
                for (var c = 0; c < n; c++) sum += vectors[i * n + c] * values[c] * vectors[j * n + c];
                Assert.Equal(a[i * n + j], sum, 9);
            }
    }
}
