namespace OpenMrs.Recommender.Models.Knn;

/// <summary>Hyperparameters of <see cref="SessionKnnModel"/> (names as in Ludewig &amp; Jannach's V-SKNN).</summary>
public sealed record SessionKnnOptions
{
    /// <summary>How many of the current session's most recent tracks look for neighbours (their weights decay linearly with age).</summary>
    public int Last { get; init; } = 10;
    /// <summary>Nearest training sessions that vote.</summary>
    public int Neighbours { get; init; } = 100;
    /// <summary>Candidate sessions considered before the nearest are kept: the most recent ones (highest row indices).</summary>
    public int Sample { get; init; } = 1000;
    /// <summary>
    /// λ of the neighbour-position decay exp(−|pos(t) − pos(match)|/λ): a track close to where the neighbour session met the
    /// current one counts more (after STAN, Garg et al. 2019). 0 turns it off (every track of a neighbour counts fully).
    /// </summary>
    public float PositionDecay { get; init; } = 2f;

    public static SessionKnnOptions From(ModelOptions o) => new()
    {
        Last = o.Int("last", 10, 1),
        Neighbours = o.Int("neighbours", 100, 1),
        Sample = o.Int("sample", 1000, 1),
        PositionDecay = o.Float("position_decay", 2f, 0),
    };
}
