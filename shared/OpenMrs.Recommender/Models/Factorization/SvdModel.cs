using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Numerics;
using OpenMrs.Recommender.Persistence;

namespace OpenMrs.Recommender.Models.Factorization;

public enum SvdImputation
{
    /// <summary>Missing entries are 0 (the sparse matrix itself).</summary>
    None,
    /// <summary>Missing entries take their track's mean observed value (the original Open MRS behaviour).</summary>
    TrackMean,
}

public enum SvdSplit
{
    /// <summary>User factors U_k, item factors V_k Σ_k (so Σ_k V_kᵀ are the item features).</summary>
    Left,
    /// <summary>User factors U_k √Σ_k, item factors V_k √Σ_k.</summary>
    SquareRoot,
}

public sealed record SvdOptions
{
    /// <summary>Singular values kept; 0 means 10% of min(users, items), capped at <see cref="MaxDefaultFactors"/>.</summary>
    public int Factors { get; init; }
    public SvdImputation Imputation { get; init; } = SvdImputation.None;
    public SvdSplit Split { get; init; } = SvdSplit.Left;
    public int PowerIterations { get; init; } = 4;
    public int Oversampling { get; init; } = 10;
    public int Seed { get; init; } = 42;
    public const int MaxDefaultFactors = 100;

    public static SvdOptions From(ModelOptions o, int seed) => new()
    {
        Factors = o.Int("factors", 0, 0),
        Imputation = o.Enum("impute", SvdImputation.None),
        Split = o.Enum("split", SvdSplit.Left),
        PowerIterations = o.Int("power_iterations", 4, 0, 50),
        Oversampling = o.Int("oversampling", 10, 0, 1000),
        Seed = seed,
    };
}

/// <summary>
/// Truncated SVD of the user × track matrix by randomized subspace iteration (never densified: imputation is a
/// rank-one term). Scores reconstruct the (imputed) matrix; a new history is projected onto the right singular vectors.
/// </summary>
public sealed class SvdModel(SvdOptions options) : FactorModel
{
    public const string KindName = "svd";
    private double[]? _trackMeans;
    private double[]? _itemGram;

    public SvdOptions Options { get; private set; } = options;
    public double[] SingularValues { get; private set; } = [];
    public override string Kind => KindName;

    public static int DefaultFactors(int users, int items) => Math.Clamp(Math.Min(users, items) / 10, 1, SvdOptions.MaxDefaultFactors);

    protected override void FitCore(CsrMatrix userItems, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var rank = FitRank(Options.Factors > 0 ? Options.Factors : null, DefaultFactors(userItems.Rows, userItems.Columns), userItems);
        _trackMeans = Options.Imputation == SvdImputation.TrackMean ? TrackMeans(userItems) : null;
        var matrix = _trackMeans is null ? userItems : Deviations(userItems, _trackMeans);
        var svd = RandomizedSvd.Compute(new SparseOperator(matrix, _trackMeans), rank, Options.Oversampling, Options.PowerIterations, Options.Seed);
        SingularValues = svd.S;
        var itemPower = Options.Split == SvdSplit.Left ? 1.0 : 0.5;
        UserFactors = Scaled(svd.U, userItems.Rows, svd.S, 1 - itemPower);
        ItemFactors = Scaled(svd.V, userItems.Columns, svd.S, itemPower);
        _itemGram = null;
        progress?.Report(new TrainingProgress(1, 1, null));
    }

    private static double[] TrackMeans(CsrMatrix userItems)
    {
        var sums = new double[userItems.Columns];
        var counts = new int[userItems.Columns];
        for (var n = 0; n < userItems.NonZeros; n++)
        {
            sums[userItems.ColumnIndices[n]] += userItems.Values[n];
            counts[userItems.ColumnIndices[n]]++;
        }
        for (var i = 0; i < sums.Length; i++) sums[i] = counts[i] > 0 ? sums[i] / counts[i] : 0;
        return sums;
    }

    private static CsrMatrix Deviations(CsrMatrix userItems, double[] means)
    {
        var values = new float[userItems.NonZeros];
        for (var n = 0; n < values.Length; n++) values[n] = (float)(userItems.Values[n] - means[userItems.ColumnIndices[n]]);
        return new CsrMatrix(userItems.Rows, userItems.Columns, userItems.RowPointers, userItems.ColumnIndices, values);
    }

    private static FactorMatrix Scaled(double[] vectors, int rows, double[] s, double power)
    {
        var k = s.Length;
        var factors = new FactorMatrix(rows, k);
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < k; c++) factors.Data[r * k + c] = (float)(vectors[r * k + c] * Math.Pow(s[c], power));
        return factors;
    }

    /// <summary>
    /// Projection x = r̃ Q (QᵀQ)⁻¹, so that x·Qᵀ = r̃ V Vᵀ: r̃ is the history with the track means filled in when imputing
    /// (the means enter as the constant offset μᵀQ, the history as its deviations from them).
    /// </summary>
    public override FoldInProblem DescribeFoldIn(SparseRow history)
    {
        _itemGram ??= ItemFactors.Gram();
        var ridge = 1e-9 * Math.Max(1e-12, SingularValues.Length > 0 ? SingularValues[0] * SingularValues[0] : 1);
        var targets = (float[])history.Values.Clone();
        double[]? offset = null;
        if (_trackMeans is { } means)
        {
            for (var n = 0; n < targets.Length; n++) targets[n] -= (float)means[history.Indices[n]];
            var k = ItemFactors.Factors;
            offset = new double[k];
            for (var i = 0; i < ItemCount; i++)
            {
                var q = ItemFactors.Row(i);
                for (var c = 0; c < k; c++) offset[c] += means[i] * q[c];
            }
        }
        return new FoldInProblem(ItemFactors, history.Indices, new float[history.Count], targets, ridge, _itemGram, offset);
    }

    public override void Save(BinaryWriter writer)
    {
        writer.Write((int)Options.Imputation);
        writer.Write((int)Options.Split);
        writer.WriteArray(SingularValues);
        writer.WriteArray(_trackMeans ?? []);
        SaveFactors(writer);
    }

    public static SvdModel Load(BinaryReader reader)
    {
        var imputation = (SvdImputation)reader.ReadInt32();
        var split = (SvdSplit)reader.ReadInt32();
        if (!Enum.IsDefined(imputation) || !Enum.IsDefined(split)) throw new ModelFormatException("unknown SVD imputation or split");
        var model = new SvdModel(new SvdOptions { Imputation = imputation, Split = split }) { SingularValues = reader.ReadArray<double>() };
        var means = reader.ReadArray<double>();
        model._trackMeans = imputation == SvdImputation.TrackMean ? means : null;
        model.LoadFactors(reader);
        model.Options = model.Options with { Factors = model.ItemFactors.Factors };
        return model;
    }
}
