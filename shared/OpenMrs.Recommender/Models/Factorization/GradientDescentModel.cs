using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Numerics;
using OpenMrs.Recommender.Persistence;

namespace OpenMrs.Recommender.Models.Factorization;

public sealed record GradientDescentOptions
{
    /// <summary>Latent factors; null means <see cref="DefaultFactors"/>, capped at min(users, items) on smaller data.</summary>
    public int? Factors { get; init; }
    public const int DefaultFactors = 10;
    public float LearningRate { get; init; } = 0.001f;
    public float Regularization { get; init; } = 0.02f;
    public int MaxIterations { get; init; } = 300;
    /// <summary>Stop once the root-mean-square residual ‖E‖_F/√|Ω| falls under this.</summary>
    public float Tolerance { get; init; } = 0.01f;
    /// <summary>Double η after an improving round; halve it and undo the round when the error rises.</summary>
    public bool Adaptive { get; init; }
    public float InitStd { get; init; } = 0.1f;
    public int Seed { get; init; } = 42;

    public static GradientDescentOptions From(ModelOptions o, int seed, bool adaptive) => new()
    {
        Factors = o.OptionalInt("factors", 1, 4096),
        LearningRate = o.Float("learning_rate", 0.001f, 1e-9f),
        Regularization = o.Float("regularization", 0.02f, 0),
        MaxIterations = o.Int("iterations", 300, 1),
        Tolerance = o.Float("tolerance", 0.01f, 0),
        Adaptive = adaptive,
        InitStd = o.Float("init_std", 0.1f, 0),
        Seed = seed,
    };
}

/// <summary>
/// R ≈ PQᵀ by full-batch gradient descent on the observed entries, alternating
/// P ← P(1−ηλ) + η E Q, recompute E, Q ← Q(1−ηλ) + η Eᵀ P; optionally with the adaptive learning rate.
/// </summary>
public sealed class GradientDescentModel(GradientDescentOptions options) : FactorModel
{
    public const string KindName = "gd";
    public const string AdaptiveKindName = "gd-adaptive";

    public GradientDescentOptions Options { get; private set; } = options;
    public override string Kind => Options.Adaptive ? AdaptiveKindName : KindName;
    public float FinalLearningRate { get; private set; }

    protected override void FitCore(CsrMatrix userItems, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var k = FitRank(Options.Factors, GradientDescentOptions.DefaultFactors, userItems);
        var users = FactorMatrix.Gaussian(userItems.Rows, k, Options.InitStd, Options.Seed);
        var items = FactorMatrix.Gaussian(userItems.Columns, k, Options.InitStd, Options.Seed + 1);
        var residuals = new ObservedResiduals(userItems);
        var eta = Options.LearningRate;
        var error = residuals.Update(users, items);
        var stopAt = Options.Tolerance * Options.Tolerance * Math.Max(1, residuals.Count);
        for (var iteration = 0; iteration < Options.MaxIterations && error > stopAt && eta > 1e-12f; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (savedUsers, savedItems) = Options.Adaptive ? (users.Clone(), items.Clone()) : (null, null);
            Step(residuals, users, items, eta, Options.Regularization);
            var next = residuals.Update(users, items);
            if (Options.Adaptive && next > error)
            {
                users = savedUsers!;
                items = savedItems!;
                eta /= 2;
                residuals.Update(users, items);
            }
            else
            {
                if (Options.Adaptive) eta *= 2;
                error = next;
            }
            progress?.Report(new TrainingProgress(iteration + 1, Options.MaxIterations, Math.Sqrt(error)));
        }
        UserFactors = users;
        ItemFactors = items;
        FinalLearningRate = eta;
    }

    /// <summary>One alternating round; leaves the residuals matching the updated P but the old Q.</summary>
    private static void Step(ObservedResiduals residuals, FactorMatrix users, FactorMatrix items, float eta, float lambda)
    {
        var decay = 1 - eta * lambda;
        Parallel.For(0, users.Rows, u =>
        {
            var row = users.Row(u);
            Span<float> update = stackalloc float[row.Length];
            update.Clear();
            residuals.AddUserProduct(u, items, eta, update);
            for (var f = 0; f < row.Length; f++) row[f] = row[f] * decay + update[f];
        });
        residuals.Update(users, items);
        Parallel.For(0, items.Rows, i =>
        {
            var row = items.Row(i);
            Span<float> update = stackalloc float[row.Length];
            update.Clear();
            residuals.AddItemProduct(i, users, eta, update);
            for (var f = 0; f < row.Length; f++) row[f] = row[f] * decay + update[f];
        });
    }

    public override FoldInProblem DescribeFoldIn(SparseRow history) =>
        new(ItemFactors, history.Indices, Ones(history.Count), history.Values, Math.Max(Options.Regularization, 1e-6));

    private static float[] Ones(int n)
    {
        var ones = new float[n];
        Array.Fill(ones, 1f);
        return ones;
    }

    public override void Save(BinaryWriter writer)
    {
        writer.Write(Options.Adaptive);
        writer.Write(Options.Regularization);
        SaveFactors(writer);
    }

    public static GradientDescentModel Load(BinaryReader reader)
    {
        var model = new GradientDescentModel(new GradientDescentOptions { Adaptive = reader.ReadBoolean(), Regularization = reader.ReadSingle() });
        model.LoadFactors(reader);
        model.Options = model.Options with { Factors = model.ItemFactors.Factors };
        return model;
    }
}
