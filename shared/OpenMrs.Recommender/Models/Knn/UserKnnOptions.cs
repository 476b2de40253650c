namespace OpenMrs.Recommender.Models.Knn;

public enum NeighbourWeight
{
    /// <summary>|H_u ∩ H_v|: how many tracks two users share.</summary>
    Overlap,
    /// <summary>Pearson correlation over co-rated tracks, each user's mean taken over all their ratings.</summary>
    Pearson,
    /// <summary>BlendWeight · overlap prediction + (1 − BlendWeight) · Pearson prediction.</summary>
    Blend,
}

public sealed record UserKnnOptions
{
    /// <summary>Neighbours kept per user.</summary>
    public int Stored { get; init; } = 10;
    /// <summary>Nearest stored neighbours who rated t that enter t's prediction.</summary>
    public int K { get; init; } = 3;
    public NeighbourWeight Weight { get; init; } = NeighbourWeight.Pearson;
    public float BlendWeight { get; init; } = 0.5f;
    /// <summary>Only recommend tracks predicted at least this high (the original used 4 on 1–5 ratings); null recommends
    /// every predicted track and backfills by popularity.</summary>
    public float? Threshold { get; init; }
    public int Threads { get; init; }

    public static UserKnnOptions From(ModelOptions o) => new()
    {
        Stored = o.Int("stored", 10, 1),
        K = o.Int("k", 3, 1),
        Weight = o.Enum("weight", NeighbourWeight.Pearson),
        BlendWeight = o.Float("blend", 0.5f, 0, 1),
        Threshold = o.OptionalFloat("threshold"),
        Threads = o.Int("threads", 0, 0),
    };
}
