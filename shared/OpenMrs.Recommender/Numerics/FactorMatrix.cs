namespace OpenMrs.Recommender.Numerics;

/// <summary>A dense row-major float32 matrix of latent factors: one row per user or item.</summary>
public sealed class FactorMatrix
{
    public FactorMatrix(int rows, int factors) : this(rows, factors, new float[checked(rows * factors)]) { }

    public FactorMatrix(int rows, int factors, float[] data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(factors);
        if (data.Length != (long)rows * factors) throw new ArgumentException($"expected {rows}×{factors} values, got {data.Length}", nameof(data));
        Rows = rows;
        Factors = factors;
        Data = data;
    }

    public int Rows { get; }
    public int Factors { get; }
    public float[] Data { get; }

    public Span<float> Row(int row) => Data.AsSpan(row * Factors, Factors);

    public FactorMatrix Clone() => new(Rows, Factors, (float[])Data.Clone());

    /// <summary>Entries drawn from N(0, std²) with a fixed seed.</summary>
    public static FactorMatrix Gaussian(int rows, int factors, double std, int seed)
    {
        var matrix = new FactorMatrix(rows, factors);
        var random = new GaussianRandom(seed);
        for (var i = 0; i < matrix.Data.Length; i++) matrix.Data[i] = (float)(random.Next() * std);
        return matrix;
    }

    /// <summary>Entries drawn uniformly from [0, scale) with a fixed seed (implicit's ALS initialisation).</summary>
    public static FactorMatrix Uniform(int rows, int factors, double scale, int seed)
    {
        var matrix = new FactorMatrix(rows, factors);
        var random = new Random(seed);
        for (var i = 0; i < matrix.Data.Length; i++) matrix.Data[i] = (float)(random.NextDouble() * scale);
        return matrix;
    }

    /// <summary>The k×k Gram matrix Xᵀ X, row-major, accumulated in double.</summary>
    public double[] Gram() => GramMatrix.Compute(this);

    /// <summary>L2 norm of every row.</summary>
    public float[] RowNorms()
    {
        var norms = new float[Rows];
        for (var r = 0; r < Rows; r++) norms[r] = MathF.Sqrt(VectorOps.Dot(Row(r), Row(r)));
        return norms;
    }
}
