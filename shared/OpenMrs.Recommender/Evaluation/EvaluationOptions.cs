namespace OpenMrs.Recommender.Evaluation;

/// <summary>Cut-offs and settings for <see cref="Evaluator"/>.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The cut-offs k; the evaluator asks each model for max(k) items once and scores every prefix.</summary>
    public IReadOnlyList<int> Ks { get; init; } = [10];

    /// <summary>When true NDCG uses the held-out play counts as gains; otherwise every relevant item gains 1.</summary>
    public bool PlayCountGains { get; init; }

    /// <summary>Threads used to recommend and score users; null uses every core.</summary>
    public int? Threads { get; init; }

    /// <summary>Evaluate at most this many test users (a seeded random sample), for quick runs on big data.</summary>
    public int? MaxUsers { get; init; }

    public int Seed { get; init; } = 42;

    internal void Validate()
    {
        if (Ks.Count == 0) throw new ArgumentException("at least one cut-off k is needed", nameof(Ks));
        if (Ks.Any(k => k < 1)) throw new ArgumentException("every cut-off k must be at least 1", nameof(Ks));
        if (Threads is < 1) throw new ArgumentException("threads must be at least 1", nameof(Threads));
        if (MaxUsers is < 1) throw new ArgumentException("max users must be at least 1", nameof(MaxUsers));
    }
}
