namespace OpenMrs.Recommender.Evaluation.Sweeps;

/// <summary>How <see cref="HyperparameterSweep.Choose"/> scores each configuration on the validation split.</summary>
public sealed record SweepOptions
{
    /// <summary>The metric to maximise (NDCG@10).</summary>
    public SweepMetric Metric { get; init; } = SweepMetric.Default;

    /// <summary>NDCG gains are the held-out play counts instead of 1.</summary>
    public bool PlayCountGains { get; init; }

    /// <summary>Evaluation threads; null uses every core.</summary>
    public int? Threads { get; init; }

    /// <summary>Score at most this many validation users (a seeded sample); null scores all of them.</summary>
    public int? MaxUsers { get; init; }

    /// <summary>Seed of every model and of the user sample.</summary>
    public int Seed { get; init; } = 42;

    internal EvaluationOptions Evaluation => new()
    {
        Ks = [Metric.K], PlayCountGains = PlayCountGains, Threads = Threads, MaxUsers = MaxUsers, Seed = Seed,
    };
}

/// <summary>Where a sweep is: configurations scored so far out of all, and the last one scored.</summary>
public readonly record struct SweepProgress(string Model, int Done, int Total, SweepTrial Last);

/// <summary>One configuration's outcome on the validation split.</summary>
/// <param name="Options">The options given to the catalogue (base options plus this point of the grid).</param>
/// <param name="IsDefault">The configuration with no grid values (the catalogue defaults plus the base options).</param>
/// <param name="FitSeconds">Wall-clock seconds to fit on the fit part.</param>
/// <param name="Validation">Every metric at the sweep metric's k, on the validation cells.</param>
/// <param name="Score">The sweep metric's value.</param>
public sealed record SweepTrial(IReadOnlyDictionary<string, string> Options, bool IsDefault, double FitSeconds, MetricsAtK Validation, double Score);

/// <summary>A model's sweep: every trial (the default first, then the grid in order) and the one with the best score.</summary>
public sealed record SweepChoice(string Model, SweepMetric Metric, IReadOnlyList<SweepTrial> Trials, int WinnerIndex)
{
    public SweepTrial Winner => Trials[WinnerIndex];
    public SweepTrial Default => Trials[0];
}
