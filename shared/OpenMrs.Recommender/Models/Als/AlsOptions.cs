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

    /// <summary>128: chosen with weighting, λ and α by a validation sweep on the MSD and Audioscrobbler samples (MODELS.md).</summary>
    public const int DefaultFactors = 128;

    /// <summary>λ added to each row's system. 20 suits TF-IDF-weighted confidences, whose values are far above 1 (validation sweep, MODELS.md).</summary>
    public float Regularization { get; init; } = 20f;
    public int Iterations { get; init; } = 15;
    public int CgSteps { get; init; } = 3;
    public ConfidenceScheme Confidence { get; init; } = ConfidenceScheme.Linear;
    /// <summary>α in the confidence 1 + α·w (linear) or 1 + α·log(1 + w/ε) (log).</summary>
    public float Alpha { get; init; } = 1f;
    public float Epsilon { get; init; } = 1f;

    /// <summary>Row weighting applied to w before the confidence: TF-IDF (√count · idf) by default, chosen on validation (MODELS.md); None uses raw counts.</summary>
    public WeightingScheme Weighting { get; init; } = WeightingScheme.TfIdf;
    public AlsSolver Solver { get; init; } = AlsSolver.ConjugateGradient;
    /// <summary>Factors start uniform in [0, InitScale).</summary>
    public float InitScale { get; init; } = 0.01f;
    public int Threads { get; init; }
    public int Seed { get; init; } = 42;

    /// <summary>Reads the catalogue's string options; a key that is not given keeps the default above.</summary>
    public static AlsOptions From(ModelOptions o, int seed)
    {
        var d = new AlsOptions();
        return new AlsOptions
        {
            Factors = o.OptionalInt("factors", 1, 4096),
            Regularization = o.Float("regularization", d.Regularization, 0),
            Iterations = o.Int("iterations", d.Iterations, 1),
            CgSteps = o.Int("cg_steps", d.CgSteps, 1),
            Confidence = o.Enum("confidence", d.Confidence),
            Alpha = o.Float("alpha", d.Alpha, 0),
            Epsilon = o.Float("epsilon", d.Epsilon, 1e-6f),
            Weighting = o.Enum("weighting", d.Weighting),
            Solver = o.Enum("solver", d.Solver),
            InitScale = o.Float("init_scale", d.InitScale, 0),
            Threads = o.Int("threads", d.Threads, 0),
            Seed = seed,
        };
    }
}
