namespace OpenMrs.Recommender.Numerics;

/// <summary>Cholesky factorisation A = L Lᵀ of a symmetric positive definite matrix (row-major, double) and its solves.</summary>
public sealed class Cholesky
{
    private readonly double[] _lower;

    public Cholesky(ReadOnlySpan<double> matrix, int n)
    {
        if (matrix.Length != n * n) throw new ArgumentException($"expected {n}×{n} values", nameof(matrix));
        Size = n;
        _lower = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = matrix[i * n + j] - Dot(_lower.AsSpan(i * n, j), _lower.AsSpan(j * n, j));
                if (i == j)
                {
                    if (sum <= 0) throw new ArgumentException("matrix is not positive definite", nameof(matrix));
                    _lower[i * n + i] = Math.Sqrt(sum);
                }
                else
                {
                    _lower[i * n + j] = sum / _lower[j * n + j];
                }
            }
        }
    }

    public int Size { get; }

    /// <summary>Solves A x = b in place (b becomes x).</summary>
    public void SolveInPlace(Span<double> b)
    {
        var n = Size;
        if (b.Length != n) throw new ArgumentException("dimension mismatch", nameof(b));
        for (var i = 0; i < n; i++)
        {
            b[i] = (b[i] - Dot(_lower.AsSpan(i * n, i), b[..i])) / _lower[i * n + i];
        }
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = b[i];
            for (var p = i + 1; p < n; p++) sum -= _lower[p * n + i] * b[p];
            b[i] = sum / _lower[i * n + i];
        }
    }

    /// <summary>Σ x_p y_p, a SIMD vector at a time (the factorisation's inner loop: two contiguous rows of L).</summary>
    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var width = System.Numerics.Vector<double>.Count;
        var acc = System.Numerics.Vector<double>.Zero;
        var p = 0;
        for (; p <= x.Length - width; p += width) acc += new System.Numerics.Vector<double>(x[p..]) * new System.Numerics.Vector<double>(y[p..]);
        var sum = System.Numerics.Vector.Sum(acc);
        for (; p < x.Length; p++) sum += x[p] * y[p];
        return sum;
    }

    public double[] Solve(ReadOnlySpan<double> b)
    {
        var x = b.ToArray();
        SolveInPlace(x);
        return x;
    }
}
