using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Numerics;
using OpenMrs.Recommender.Persistence;

namespace OpenMrs.Recommender.Models.Factorization;

public sealed record GravityOptions
{
    /// <summary>Latent factors; null means <see cref="DefaultFactors"/>, capped at min(users, items) on smaller data.</summary>
    public int? Factors { get; init; }
    public const int DefaultFactors = 35;
    public float Regularization { get; init; } = 0.1f;
    public float Gravity { get; init; } = 1f;
    public float InitStd { get; init; } = 0.05f;
    public float LearningRate { get; init; } = 20f;
    public int Iterations { get; init; } = 500;
    /// <summary>Per-user z-score then min-max to [0, 1] before fitting (counts of very different scales become comparable).</summary>
    public bool Normalise { get; init; } = true;
    public int Seed { get; init; } = 42;

    public static GravityOptions From(ModelOptions o, int seed) => new()
    {
        Factors = o.OptionalInt("factors", 1, 4096),
        Regularization = o.Float("regularization", 0.1f, 0),
        Gravity = o.Float("gravity", 1f, 0),
        InitStd = o.Float("init_std", 0.05f, 0),
        LearningRate = o.Float("learning_rate", 20f, 1e-9f),
        Iterations = o.Int("iterations", 500, 1),
        Normalise = o.Bool("normalise", true),
        Seed = seed,
    };
}

/// <summary>
/// Regularised MF with gravity, by plain full-batch gradient descent on
/// L = (1/|Ω|) Σ_Ω (A_ij − U_i·V_j)² + λ_r (ΣU²/N + ΣV²/M) + λ_g Σ_ij (U_i·V_j)²/(NM).
/// </summary>
public sealed class GravityModel(GravityOptions options) : FactorModel
{
    public const string KindName = "gravity";
    private CountNormaliser _normaliser = CountNormaliser.Identity;
    private double[]? _itemGram;
    private int _observed;

    public GravityOptions Options { get; private set; } = options;
    public override string Kind => KindName;

    protected override void FitCore(CsrMatrix userItems, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        _normaliser = Options.Normalise ? CountNormaliser.Fit(userItems) : CountNormaliser.Identity;
        var targets = _normaliser.Apply(userItems);
        var k = FitRank(Options.Factors, GravityOptions.DefaultFactors, userItems);
        var users = FactorMatrix.Gaussian(userItems.Rows, k, Options.InitStd, Options.Seed);
        var items = FactorMatrix.Gaussian(userItems.Columns, k, Options.InitStd, Options.Seed + 1);
        var residuals = new ObservedResiduals(targets);
        _observed = Math.Max(1, targets.NonZeros);
        double n = users.Rows, m = items.Rows;
        for (var iteration = 0; iteration < Options.Iterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var squaredError = residuals.Update(users, items);
            var userGram = users.Gram();
            var itemGram = items.Gram();
            var loss = squaredError / _observed + Options.Regularization * (Trace(userGram) / n + Trace(itemGram) / m)
                       + Options.Gravity * GravityTerm.Compute(userGram, itemGram, users.Rows, items.Rows);
            var userGradient = Gradient(residuals, users, items, itemGram, n, n * m, isUserSide: true);
            var itemGradient = Gradient(residuals, items, users, userGram, m, n * m, isUserSide: false);
            VectorOps.Axpy(-Options.LearningRate, userGradient, users.Data);
            VectorOps.Axpy(-Options.LearningRate, itemGradient, items.Data);
            progress?.Report(new TrainingProgress(iteration + 1, Options.Iterations, loss));
        }
        UserFactors = users;
        ItemFactors = items;
        _itemGram = null;
    }

    /// <summary>∂L/∂X = −(2/|Ω|) E Y + (2λ_r/|X|) X + (2λ_g/(NM)) X (YᵀY) for X the side being differentiated.</summary>
    private float[] Gradient(ObservedResiduals residuals, FactorMatrix side, FactorMatrix other, double[] otherGram, double sideCount, double pairs, bool isUserSide)
    {
        var k = side.Factors;
        var gradient = new float[side.Data.Length];
        var gram = GramMatrix.ToFloat(otherGram);
        var errorScale = (float)(-2.0 / _observed);
        var ridge = (float)(2 * Options.Regularization / sideCount);
        var gravity = (float)(2 * Options.Gravity / pairs);
        Parallel.For(0, side.Rows, r =>
        {
            var g = gradient.AsSpan(r * k, k);
            if (isUserSide) residuals.AddUserProduct(r, other, errorScale, g);
            else residuals.AddItemProduct(r, other, errorScale, g);
            var x = side.Row(r);
            VectorOps.Axpy(ridge, x, g);
            for (var f = 0; f < k; f++)
                if (x[f] != 0) VectorOps.Axpy(gravity * x[f], gram.AsSpan(f * k, k), g);
        });
        return gradient;
    }

    private static double Trace(double[] gram)
    {
        var k = (int)Math.Sqrt(gram.Length);
        double sum = 0;
        for (var f = 0; f < k; f++) sum += gram[f * k + f];
        return sum;
    }

    /// <summary>
    /// The row's share of L set to a minimum: (Σⱼ vⱼvⱼᵀ + (λ_r|Ω|/N) I + (λ_g|Ω|/(NM)) VᵀV) x = Σⱼ aⱼ vⱼ,
    /// with the history normalised as the training counts were.
    /// </summary>
    public override FoldInProblem DescribeFoldIn(SparseRow history)
    {
        _itemGram ??= ItemFactors.Gram();
        double n = UserCount, m = ItemCount;
        var gravityScale = Options.Gravity * _observed / (n * m);
        var baseGram = Array.ConvertAll(_itemGram, v => v * gravityScale);
        var ones = new float[history.Count];
        Array.Fill(ones, 1f);
        var ridge = Math.Max(1e-9, Options.Regularization * _observed / n);
        return new FoldInProblem(ItemFactors, history.Indices, ones, _normaliser.Apply(history.Values), ridge, baseGram);
    }

    public override void Save(BinaryWriter writer)
    {
        writer.Write(Options.Regularization);
        writer.Write(Options.Gravity);
        writer.Write(_observed);
        _normaliser.Save(writer);
        SaveFactors(writer);
    }

    public static GravityModel Load(BinaryReader reader)
    {
        var model = new GravityModel(new GravityOptions { Regularization = reader.ReadSingle(), Gravity = reader.ReadSingle() })
        {
            _observed = reader.ReadInt32(),
            _normaliser = CountNormaliser.Load(reader),
        };
        model.LoadFactors(reader);
        model.Options = model.Options with { Factors = model.ItemFactors.Factors, Normalise = !model._normaliser.IsIdentity };
        return model;
    }
}
