using System.Globalization;

namespace OpenMrs.Recommender.Models.Blend;

/// <summary>One member of a blend: a catalogue name and its own options.</summary>
public sealed record BlendMember(string Name, IReadOnlyDictionary<string, string> Options);

/// <summary>Hyperparameters of <see cref="BlendModel"/>.</summary>
public sealed record BlendOptions
{
    public IReadOnlyList<BlendMember> Members { get; init; } =
        [new("als", new Dictionary<string, string>()), new("rp3b", new Dictionary<string, string>())];

    /// <summary>One non-negative weight per member (any scale); null gives equal weights.</summary>
    public IReadOnlyList<float>? Weights { get; init; }

    public ScoreNormalisation Normalisation { get; init; } = ScoreNormalisation.ZScore;

    /// <summary>
    /// When true, <see cref="BlendModel"/>'s Fit carves a per-user holdout of <see cref="ValidationFraction"/> out of the
    /// matrix it is given, fits the members on the rest, learns the weights there (<see cref="BlendWeights.Learn"/>),
    /// then refits the members on the whole matrix.
    /// </summary>
    public bool Learn { get; init; }

    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Settings of the weight search used when <see cref="Learn"/> is set.</summary>
    public BlendLearning Learning { get; init; } = new();

    /// <summary>
    /// Reads <c>members</c> (comma-separated catalogue names, default als,rp3b), <c>weights</c> (comma-separated),
    /// <c>normalise</c> (zscore | minmax), <c>learn</c>, <c>validation_fraction</c>, <c>grid_step</c>, <c>k</c>,
    /// <c>validation_users</c>, and each member's options as <c>member.key</c> (e.g. <c>als.factors=32</c>).
    /// </summary>
    public static BlendOptions From(ModelOptions o, int seed)
    {
        var names = o.String("members", "als,rp3b").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(n => n.ToLowerInvariant()).ToList();
        if (names.Count == 0) throw new ModelOptionException("option 'members' must name at least one model");
        if (names.Distinct().Count() != names.Count) throw new ModelOptionException($"option 'members' names a model twice: {string.Join(",", names)}");
        if (names.Contains(BlendModel.KindName)) throw new ModelOptionException("a blend cannot contain another blend");
        var weights = ParseWeights(o.String("weights", ""), names.Count);
        return new BlendOptions
        {
            Members = [.. names.Select(n => new BlendMember(n, o.Prefixed(n)))],
            Weights = weights,
            Normalisation = o.Enum("normalise", ScoreNormalisation.ZScore),
            Learn = o.Bool("learn", false),
            ValidationFraction = o.Float("validation_fraction", 0.2f, 0.01f, 0.9f),
            Learning = new BlendLearning
            {
                K = o.Int("k", 10, 1),
                GridStep = o.Float("grid_step", 0.1f, 0.01f, 1f),
                MaxUsers = o.Int("validation_users", 0, 0) is var users and > 0 ? users : null,
                Seed = seed,
            },
        };
    }

    private static float[]? ParseWeights(string raw, int members)
    {
        if (raw.Length == 0) return null;
        var parts = raw.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != members) throw new ModelOptionException($"option 'weights' needs {members} values, one per member, got '{raw}'");
        var weights = new float[members];
        for (var m = 0; m < members; m++)
            if (!float.TryParse(parts[m], NumberStyles.Float, CultureInfo.InvariantCulture, out weights[m]) || !float.IsFinite(weights[m]) || weights[m] < 0)
                throw new ModelOptionException($"option 'weights' takes non-negative numbers, got '{parts[m]}'");
        if (weights.Sum() <= 0) throw new ModelOptionException("option 'weights' must have a positive weight");
        return weights;
    }
}
