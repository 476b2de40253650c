namespace OpenMrs.Recommender.Numerics;

/// <summary>A truncated SVD A ≈ U diag(S) Vᵀ; U is rows × k and V columns × k, row-major.</summary>
public sealed record SvdResult(int Rank, double[] U, double[] S, double[] V);

/// <summary>
/// Randomized truncated SVD (Halko, Martinsson, Tropp 2011): a Gaussian sketch with oversampling, a few power
/// iterations with re-orthonormalisation, then the exact SVD of the small projected matrix via its l×l Gram matrix.
/// </summary>
public static class RandomizedSvd
{
    public static SvdResult Compute(ILinearOperator a, int rank, int oversampling = 10, int powerIterations = 4, int seed = 42)
    {
        var maxRank = Math.Min(a.Rows, a.Columns);
        if (rank < 1 || rank > maxRank) throw new ArgumentOutOfRangeException(nameof(rank), rank, $"rank must lie in 1..{maxRank}");
        var width = Math.Min(rank + oversampling, maxRank);
        var random = new GaussianRandom(seed);
        var omega = new double[a.Columns * width];
        for (var i = 0; i < omega.Length; i++) omega[i] = random.Next();

        var y = new double[a.Rows * width];
        var z = new double[a.Columns * width];
        a.Multiply(omega, width, y);
        Orthonormalise(y, a.Rows, width);
        for (var q = 0; q < powerIterations; q++)
        {
            a.MultiplyTransposed(y, width, z);
            Orthonormalise(z, a.Columns, width);
            a.Multiply(z, width, y);
            Orthonormalise(y, a.Rows, width);
        }

        // Bᵀ = Aᵀ Y (columns × width); B Bᵀ = (Bᵀ)ᵀ Bᵀ = W Λ Wᵀ gives σ = √λ, U = Y W, V = Bᵀ W Σ⁻¹.
        a.MultiplyTransposed(y, width, z);
        var core = new double[width * width];
        for (var r = 0; r < a.Columns; r++)
            for (var i = 0; i < width; i++)
            {
                var zi = z[r * width + i];
                if (zi == 0) continue;
                for (var j = 0; j < width; j++) core[i * width + j] += zi * z[r * width + j];
            }
        var (values, vectors) = SymmetricEigen.Decompose(core, width);

        var s = new double[rank];
        for (var i = 0; i < rank; i++) s[i] = Math.Sqrt(Math.Max(0, values[i]));
        var u = new double[a.Rows * rank];
        var v = new double[a.Columns * rank];
        Project(y, a.Rows, width, vectors, rank, u, null);
        Project(z, a.Columns, width, vectors, rank, v, s);
        return new SvdResult(rank, u, s, v);
    }

    /// <summary>target (n × rank) = source (n × width) · W[:, :rank], each column divided by <paramref name="divisors"/> if given.</summary>
    private static void Project(double[] source, int n, int width, double[] w, int rank, double[] target, double[]? divisors)
    {
        for (var r = 0; r < n; r++)
            for (var c = 0; c < rank; c++)
            {
                double sum = 0;
                for (var i = 0; i < width; i++) sum += source[r * width + i] * w[i * width + c];
                target[r * rank + c] = divisors is null ? sum : divisors[c] > 1e-12 ? sum / divisors[c] : 0;
            }
    }

    /// <summary>Modified Gram–Schmidt on the columns of an n × width row-major block, applied twice for stability.</summary>
    public static void Orthonormalise(double[] block, int n, int width)
    {
        for (var pass = 0; pass < 2; pass++)
            for (var c = 0; c < width; c++)
            {
                for (var p = 0; p < c; p++)
                {
                    double dot = 0;
                    for (var r = 0; r < n; r++) dot += block[r * width + c] * block[r * width + p];
                    for (var r = 0; r < n; r++) block[r * width + c] -= dot * block[r * width + p];
                }
                double norm = 0;
                for (var r = 0; r < n; r++) norm += block[r * width + c] * block[r * width + c];
                norm = Math.Sqrt(norm);
                for (var r = 0; r < n; r++) block[r * width + c] = norm > 1e-12 ? block[r * width + c] / norm : 0;
            }
    }
}
