using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models.Factorization;
using OpenMrs.Recommender.Numerics;
using OpenMrs.Recommender.Persistence;

namespace OpenMrs.Recommender.Models.Bpr;

public sealed record BprOptions
{
    /// <summary>Latent factors; null means <see cref="DefaultFactors"/>, capped at min(users, items) on smaller data.</summary>
    public int? Factors { get; init; }
    public const int DefaultFactors = 64;
    public float LearningRate { get; init; } = 0.01f;
    public float Regularization { get; init; } = 0.01f;
    /// <summary>Epochs; each draws as many (user, positive, negative) triples as there are observed pairs.</summary>
    public int Iterations { get; init; } = 100;
    /// <summary>λ_g of the gravity prior: each sampled negative's prediction (p·q_j)² is also pushed toward 0.</summary>
    public float Gravity { get; init; }
    /// <summary>Ridge of the WALS projection used to fold in a new history against the BPR item factors.</summary>
    public float FoldInRegularization { get; init; } = 0.1f;
    public float InitStd { get; init; } = 0.01f;
    public int Seed { get; init; } = 42;

    public static BprOptions From(ModelOptions o, int seed) => new()
    {
        Factors = o.OptionalInt("factors", 1, 4096),
        LearningRate = o.Float("learning_rate", 0.01f, 1e-9f),
        Regularization = o.Float("regularization", 0.01f, 0),
        Iterations = o.Int("iterations", 100, 1),
        Gravity = o.Float("gravity", 0f, 0),
        FoldInRegularization = o.Float("fold_in_regularization", 0.1f, 1e-9f),
        InitStd = o.Float("init_std", 0.01f, 0),
        Seed = seed,
    };
}

/// <summary>
/// Implicit-feedback MF by SGD with negative sampling on the BPR objective ln σ(x_ui − x_uj), with item biases and an
/// optional gravity prior. A new history is folded in by the WALS projection against the learnt item factors.
/// </summary>
public sealed class BprModel(BprOptions options) : FactorModel
{
    public const string KindName = "bpr";
    private double[]? _itemGram;

    public BprOptions Options { get; private set; } = options;
    public override string Kind => KindName;

    protected override void FitCore(CsrMatrix userItems, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var k = FitRank(Options.Factors, BprOptions.DefaultFactors, userItems);
        var users = FactorMatrix.Gaussian(userItems.Rows, k, Options.InitStd, Options.Seed);
        var items = FactorMatrix.Gaussian(userItems.Columns, k, Options.InitStd, Options.Seed + 1);
        var bias = new float[userItems.Columns];
        var rowOf = new int[userItems.NonZeros];
        for (var u = 0; u < userItems.Rows; u++)
            for (var p = userItems.RowPointers[u]; p < userItems.RowPointers[u + 1]; p++) rowOf[p] = u;
        var random = new Random(Options.Seed);
        var difference = new float[k];
        var userCopy = new float[k];
        float lr = Options.LearningRate, reg = Options.Regularization, gravity = Options.Gravity;
        for (var epoch = 0; epoch < Options.Iterations && userItems.NonZeros > 0; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double correct = 0;
            for (var sample = 0; sample < userItems.NonZeros; sample++)
            {
                var entry = random.Next(userItems.NonZeros);
                var u = rowOf[entry];
                var i = userItems.ColumnIndices[entry];
                var j = random.Next(userItems.Columns);
                if (userItems.RowLength(u) >= userItems.Columns || userItems.RowIndices(u).BinarySearch(j) >= 0) continue;

                var p = users.Row(u);
                var qi = items.Row(i);
                var qj = items.Row(j);
                for (var f = 0; f < k; f++) difference[f] = qi[f] - qj[f];
                var x = VectorOps.Dot(p, difference) + bias[i] - bias[j];
                if (x > 0) correct++;
                var z = 1f / (1f + MathF.Exp(x));
                p.CopyTo(userCopy);
                var pull = gravity > 0 ? 2 * gravity * VectorOps.Dot(userCopy, qj) : 0f;
                for (var f = 0; f < k; f++)
                {
                    p[f] += lr * (z * difference[f] - reg * p[f] - pull * qj[f]);
                    qi[f] += lr * (z * userCopy[f] - reg * qi[f]);
                    qj[f] += lr * (-z * userCopy[f] - reg * qj[f] - pull * userCopy[f]);
                }
                bias[i] += lr * (z - reg * bias[i]);
                bias[j] += lr * (-z - reg * bias[j]);
            }
            progress?.Report(new TrainingProgress(epoch + 1, Options.Iterations, 1 - correct / userItems.NonZeros));
        }
        UserFactors = users;
        ItemFactors = items;
        ItemBias = bias;
        _itemGram = null;
    }

    public override FoldInProblem DescribeFoldIn(SparseRow history)
    {
        _itemGram ??= ItemFactors.Gram();
        var confidences = Array.ConvertAll(history.Values, v => 1 + Math.Max(0, v));
        return FoldIn.ImplicitProblem(ItemFactors, _itemGram, history.Indices, confidences, Options.FoldInRegularization);
    }

    public override void Save(BinaryWriter writer)
    {
        writer.Write(Options.FoldInRegularization);
        SaveFactors(writer);
    }

    public static BprModel Load(BinaryReader reader)
    {
        var model = new BprModel(new BprOptions { FoldInRegularization = reader.ReadSingle() });
        model.LoadFactors(reader);
        if (model.ItemBias is null) throw new ModelFormatException("a BPR model file must hold item biases");
        model.Options = model.Options with { Factors = model.ItemFactors.Factors };
        return model;
    }
}
