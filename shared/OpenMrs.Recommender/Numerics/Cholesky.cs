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
                var sum = matrix[i * n + j];
                for (var p = 0; p < j; p++) sum -= _lower[i * n + p] * _lower[j * n + p];
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
            var sum = b[i];
            for (var p = 0; p < i; p++) sum -= _lower[i * n + p] * b[p];
            b[i] = sum / _lower[i * n + i];
        }
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = b[i];
            for (var p = i + 1; p < n; p++) sum -= _lower[p * n + i] * b[p];
            b[i] = sum / _lower[i * n + i];
        }
    }

    public double[] Solve(ReadOnlySpan<double> b)
    {
        var x = b.ToArray();
        SolveInPlace(x);
        return x;
    }
}
