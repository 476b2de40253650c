using OpenMrs.Serving.Grains.Ranking.Scoring;

namespace OpenMrs.Serving.Grains.Experiments;

/// <summary>An A/B experiment (<c>Serving:Experiment</c>): users split over variants by weight. No variants, no experiment.</summary>
public sealed class ExperimentOptions
{
    /// <summary>Part of the assignment hash: a new name reshuffles users, the same name keeps every user where they are.</summary>
    public string Name { get; set; } = "default";

    public List<VariantOptions> Variants { get; set; } = [];
}

/// <summary>One arm: its share of users and the pipeline settings it changes.</summary>
public sealed class VariantOptions
{
    public string Name { get; set; } = "";

    /// <summary>Relative share of users (90 and 10 make a 90/10 split).</summary>
    public double Weight { get; set; } = 1;

    /// <summary>The MMR λ this arm uses when a request names none; null keeps <c>Serving:DefaultDiversity</c>.</summary>
    public double? Diversity { get; set; }

    /// <summary>Scoring weights of this arm; null keeps <c>Serving:Scoring</c>.</summary>
    public ScoringWeights? Scoring { get; set; }

    /// <summary>
    /// Model versions this arm ranks with instead of the newest, by model kind (<c>Models:als=VERSION</c>, the
    /// version as the model store names it); kinds not listed follow the newest. See <see cref="VariantModels"/>.
    /// </summary>
    public Dictionary<string, string> Models { get; set; } = new(StringComparer.Ordinal);
}
