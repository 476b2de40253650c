using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Models.Factorization;

public sealed record SgdOptions
{
    /// <summary>Latent factors; null means <see cref="DefaultFactors"/>, capped at min(users, items) on smaller data.</summary>
    public int? Factors { get; init; }
    public const int DefaultFactors = 5;
    public float LearningRate { get; init; } = 0.001f;
    public float Regularization { get; init; } = 0.04f;
    public float Momentum { get; init; } = 0.9f;
    public int Epochs { get; init; } = 30;
    public float InitStd { get; init; } = 0.1f;
    public int Seed { get; init; } = 42;

    public static SgdOptions From(ModelOptions o, int seed) => new()
    {
        Factors = o.OptionalInt("factors", 1, 4096),
        LearningRate = o.Float("learning_rate", 0.001f, 1e-9f),
        Regularization = o.Float("regularization", 0.04f, 0),
        Momentum = o.Float("momentum", 0.9f, 0, 0.9999f),
        Epochs = o.Int("epochs", 30, 1),
        InitStd = o.Float("init_std", 0.1f, 0),
        Seed = seed,
    };
}

/// <summary>
/// R ≈ PQᵀ by stochastic gradient descent with momentum over the observed entries in a fresh random order each epoch:
/// e = r − p·q, v_p ← μ v_p + η(e q − λ p), p ← p + v_p, and the same for q.
/// </summary>
public sealed class SgdMomentumModel(SgdOptions options) : FactorModel
{
    public const string KindName = "sgd";

    public SgdOptions Options { get; private set; } = options;
    public override string Kind => KindName;

    protected override void FitCore(CsrMatrix userItems, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var k = FitRank(Options.Factors, SgdOptions.DefaultFactors, userItems);
        var users = FactorMatrix.Gaussian(userItems.Rows, k, Options.InitStd, Options.Seed);
        var items = FactorMatrix.Gaussian(userItems.Columns, k, Options.InitStd, Options.Seed + 1);
        var userVelocity = new FactorMatrix(userItems.Rows, k);
        var itemVelocity = new FactorMatrix(userItems.Columns, k);
        var rowOf = new int[userItems.NonZeros];
        for (var u = 0; u < userItems.Rows; u++)
            for (var p = userItems.RowPointers[u]; p < userItems.RowPointers[u + 1]; p++) rowOf[p] = u;
        var order = Enumerable.Range(0, userItems.NonZeros).ToArray();
        var random = new Random(Options.Seed);
        Span<float> gradP = stackalloc float[k];
        Span<float> gradQ = stackalloc float[k];
        for (var epoch = 0; epoch < Options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            random.Shuffle(order);
            double loss = 0;
            foreach (var entry in order)
            {
                var p = users.Row(rowOf[entry]);
                var q = items.Row(userItems.ColumnIndices[entry]);
                var e = SquaredErrorLoss.Gradient(userItems.Values[entry], p, q, Options.Regularization, gradP, gradQ);
                loss += e * e;
                Step(p, userVelocity.Row(rowOf[entry]), gradP);
                Step(q, itemVelocity.Row(userItems.ColumnIndices[entry]), gradQ);
            }
            progress?.Report(new TrainingProgress(epoch + 1, Options.Epochs, Math.Sqrt(loss / Math.Max(1, order.Length))));
        }
        UserFactors = users;
        ItemFactors = items;
    }

    private void Step(Span<float> x, Span<float> velocity, ReadOnlySpan<float> gradient)
    {
        for (var f = 0; f < x.Length; f++)
        {
            velocity[f] = Options.Momentum * velocity[f] - Options.LearningRate * gradient[f];
            x[f] += velocity[f];
        }
    }

    /// <summary>SGD applies λ once per observed entry, so a history of n entries is folded in with ridge λ·n.</summary>
    public override FoldInProblem DescribeFoldIn(SparseRow history)
    {
        var ones = new float[history.Count];
        Array.Fill(ones, 1f);
        return new FoldInProblem(ItemFactors, history.Indices, ones, history.Values, Math.Max(1e-6, Options.Regularization * Math.Max(1, history.Count)));
    }

    public override void Save(BinaryWriter writer)
    {
        writer.Write(Options.Regularization);
        SaveFactors(writer);
    }

    public static SgdMomentumModel Load(BinaryReader reader)
    {
        var model = new SgdMomentumModel(new SgdOptions { Regularization = reader.ReadSingle() });
        model.LoadFactors(reader);
        model.Options = model.Options with { Factors = model.ItemFactors.Factors };
        return model;
    }
}
