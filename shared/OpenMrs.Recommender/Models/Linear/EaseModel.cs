using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models.Weighting;
using OpenMrs.Recommender.Numerics;
using OpenMrs.Recommender.Persistence;

namespace OpenMrs.Recommender.Models.Linear;

public sealed record EaseOptions
{
    /// <summary>The largest catalogue a 2 GB float32 array can hold as items × items (4·n² &lt; 2³¹ bytes).</summary>
    public const int ItemLimitCeiling = 23_170;

    /// <summary>L2 penalty λ on B (Steck's default range is hundreds; tune per data set).</summary>
    public float Lambda { get; init; } = 50f;

    /// <summary>Catalogues larger than this are refused: the model keeps 4·n² bytes (20,000 items: 1.6 GB; fitting peaks at twice that).</summary>
    public int MaxItems { get; init; } = 20_000;

    /// <summary>How X is weighted before XᵀX (binary, as in the paper, by default).</summary>
    public WeightingScheme Weighting { get; init; } = WeightingScheme.Binary;

    public int Threads { get; init; }

    public static EaseOptions From(ModelOptions o) => new()
    {
        Lambda = o.Float("lambda", 50f, 1e-3f),
        MaxItems = o.Int("max_items", 20_000, 1, ItemLimitCeiling),
        Weighting = o.Enum("weighting", WeightingScheme.Binary),
        Threads = o.Int("threads", 0, 0),
    };
}

/// <summary>
/// EASE^R (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"): the item-item weights B that minimise
/// ‖X − XB‖² + λ‖B‖² with diag(B) = 0, in closed form: P = (XᵀX + λI)⁻¹, B = I − P·diagMat(1/diag(P)), i.e.
/// B[i, j] = −P[i, j] / P[j, j] off the diagonal and 0 on it. A history x scores x·B.
/// <para>
/// B is dense: items × items float32 (4·n² bytes, kept; fitting peaks at 8·n²). Catalogues over
/// <see cref="EaseOptions.MaxItems"/> are refused with a <see cref="ModelOptionException"/>. The inverse is
/// <see cref="SpdInverse"/> (Cholesky, float32, parallel).
/// </para>
/// </summary>
public sealed class EaseModel(EaseOptions options) : RecommenderBase
{
    public const string KindName = "ease";
    private RowWeighting _weighting = null!;
    private float[] _weights = [];

    public EaseOptions Options { get; private set; } = options;
    public override string Kind => KindName;

    /// <summary>B, row-major items × items: row i is what item i in a history adds to every item's score.</summary>
    public ReadOnlySpan<float> Weights => _weights;

    protected override void FitCore(CsrMatrix userItems, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var n = userItems.Columns;
        if (n > Options.MaxItems)
            throw new ModelOptionException(
                $"ease keeps a dense items × items matrix: {n:N0} items need {FormatBytes(4.0 * n * n)} (fitting twice that), over max_items = {Options.MaxItems:N0}; " +
                "raise max_items or drop rare items first");
        var threads = Options.Threads > 0 ? Options.Threads : Environment.ProcessorCount;
        var weighting = RowWeighting.Fit(userItems, Options.Weighting);
        var matrix = GramMatrix.FromSparse(weighting.Apply(userItems), threads);
        for (var i = 0; i < n; i++) matrix[i * n + i] += Options.Lambda;
        SpdInverse.InvertInPlace(matrix, n, threads, cancellationToken);

        var diagonal = new float[n];
        for (var j = 0; j < n; j++) diagonal[j] = matrix[j * n + j];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken }, i =>
        {
            var row = matrix.AsSpan(i * n, n);
            for (var j = 0; j < n; j++) row[j] = -row[j] / diagonal[j];
            row[i] = 0f;
        });
        _weighting = weighting;
        _weights = matrix;
        progress?.Report(new TrainingProgress(1, 1, null));
    }

    private static string FormatBytes(double bytes) =>
        bytes >= 1e9 ? $"{bytes / 1e9:F1} GB" : $"{bytes / 1e6:F0} MB";

    protected override void ScoreUser(int user, Span<float> scores) => ScoreHistory(UserItems.Row(user), scores);

    protected override void ScoreHistory(SparseRow history, Span<float> scores)
    {
        scores.Clear();
        var n = ItemCount;
        var weighted = _weighting.Apply(history);
        for (var m = 0; m < weighted.Count; m++)
            WideKernels.Axpy(weighted.Values[m], ref _weights[weighted.Indices[m] * n], ref scores[0], n);
    }

    public override ScoredItem[] SimilarItems(int item, int count)
    {
        CheckItem(item);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return TopK.Select(_weights.AsSpan(item * ItemCount, ItemCount), count, [item]);
    }

    /// <summary>The history items with a positive term x_j·B[j, item], strongest first.</summary>
    public override Contribution[] Explain(SparseRow history, int item, int count)
    {
        base.Explain(history, item, count);
        var weighted = _weighting.Apply(history);
        var contributions = new List<Contribution>();
        for (var m = 0; m < weighted.Count; m++)
        {
            var term = weighted.Values[m] * _weights[weighted.Indices[m] * ItemCount + item];
            if (term > 0) contributions.Add(new Contribution(weighted.Indices[m], term));
        }
        return [.. contributions.OrderByDescending(c => c.Weight).ThenBy(c => c.HistoryItem).Take(count)];
    }

    public override void Save(BinaryWriter writer)
    {
        writer.Write(Options.Lambda);
        writer.Write(Options.MaxItems);
        _weighting.Save(writer);
        writer.WriteArray(_weights);
        writer.Write(UserItems);
    }

    public static EaseModel Load(BinaryReader reader)
    {
        var lambda = reader.ReadSingle();
        var maxItems = reader.ReadInt32();
        var weighting = RowWeighting.Load(reader);
        var model = new EaseModel(new EaseOptions { Lambda = lambda, MaxItems = maxItems, Weighting = weighting.Scheme })
        {
            _weighting = weighting,
            _weights = reader.ReadArray<float>(),
        };
        var userItems = reader.ReadCsr();
        if (model._weights.Length != (long)userItems.Columns * userItems.Columns) throw new ModelFormatException("ease weights do not match the item count");
        model.RestoreFitted(userItems);
        return model;
    }
}
