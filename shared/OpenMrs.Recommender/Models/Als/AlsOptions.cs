using OpenMrs.Recommender.Models.Weighting;

namespace OpenMrs.Recommender.Models.Als;

public enum AlsSolver
{
    /// <summary>A few conjugate-gradient steps per row, warm-started (fast; the default).</summary>
    ConjugateGradient,
    /// <summary>Forms and factorises each row's k×k system (exact; slow for large k).</summary>
    Cholesky,
}

/// <summary>Hyperparameters of implicit ALS. Threads = 0 uses every core.</summary>
public sealed record AlsOptions
{
    /// <summary>Latent factors; null means <see cref="DefaultFactors"/>, capped at min(users, items) on smaller data.</summary>
    public int? Factors { get; init; }
    public const int DefaultFactors = 64;
    public float Regularization { get; init; } = 0.05f;
    public int Iterations { get; init; } = 15;
    public int CgSteps { get; init; } = 3;
    public ConfidenceScheme Confidence { get; init; } = ConfidenceScheme.Linear;
    public float Alpha { get; init; } = 1f;
    public float Epsilon { get; init; } = 1f;
    public WeightingScheme Weighting { get; init; } = WeightingScheme.None;
    public AlsSolver Solver { get; init; } = AlsSolver.ConjugateGradient;
    /// <summary>Factors start uniform in [0, InitScale).</summary>
    public float InitScale { get; init; } = 0.01f;
    public int Threads { get; init; }
    public int Seed { get; init; } = 42;

    public static AlsOptions From(ModelOptions o, int seed) => new()
    {
        Factors = o.OptionalInt("factors", 1, 4096),
        Regularization = o.Float("regularization", 0.05f, 0),
        Iterations = o.Int("iterations", 15, 1),
        CgSteps = o.Int("cg_steps", 3, 1),
        Confidence = o.Enum("confidence", ConfidenceScheme.Linear),
        Alpha = o.Float("alpha", 1f, 0),
        Epsilon = o.Float("epsilon", 1f, 1e-6f),
        Weighting = o.Enum("weighting", WeightingScheme.None),
        Solver = o.Enum("solver", AlsSolver.ConjugateGradient),
        InitScale = o.Float("init_scale", 0.01f, 0),
        Threads = o.Int("threads", 0, 0),
        Seed = seed,
    };
}
