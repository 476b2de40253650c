namespace OpenMrs.Recommender.Numerics;

/// <summary>Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations (used on the l×l core of randomized SVD).</summary>
public static class SymmetricEigen
{
    /// <summary>Eigenvalues in descending order and the matching eigenvectors as the columns of a row-major n×n matrix.</summary>
    public static (double[] Values, double[] Vectors) Decompose(ReadOnlySpan<double> matrix, int n, int maxSweeps = 100)
    {
        if (matrix.Length != n * n) throw new ArgumentException($"expected {n}×{n} values", nameof(matrix));
        var a = matrix.ToArray();
        var v = new double[n * n];
        for (var i = 0; i < n; i++) v[i * n + i] = 1;

        for (var sweep = 0; sweep < maxSweeps; sweep++)
        {
            double off = 0, total = 0;
            for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                total += a[i * n + j] * a[i * n + j];
                if (i != j) off += a[i * n + j] * a[i * n + j];
            }
            if (off <= 1e-24 * Math.Max(total, 1e-300)) break;

            for (var p = 0; p < n - 1; p++)
            for (var q = p + 1; q < n; q++)
            {
                var apq = a[p * n + q];
                if (Math.Abs(apq) < 1e-300) continue;
                var theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
                var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                if (theta == 0) t = 1;
                var c = 1 / Math.Sqrt(t * t + 1);
                var s = t * c;
                for (var k = 0; k < n; k++)
                {
                    double akp = a[k * n + p], akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for (var k = 0; k < n; k++)
                {
                    double apk = a[p * n + k], aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for (var k = 0; k < n; k++)
                {
                    double vkp = v[k * n + p], vkq = v[k * n + q];
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }

        var order = Enumerable.Range(0, n).OrderByDescending(i => a[i * n + i]).ToArray();
        var values = new double[n];
        var vectors = new double[n * n];
        for (var col = 0; col < n; col++)
        {
            values[col] = a[order[col] * n + order[col]];
            for (var row = 0; row < n; row++) vectors[row * n + col] = v[row * n + order[col]];
        }
        return (values, vectors);
    }
}
