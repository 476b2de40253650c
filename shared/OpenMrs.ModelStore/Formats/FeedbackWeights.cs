namespace OpenMrs.ModelStore.Formats;

/// <summary>
/// Typed implicit feedback → one interaction weight per (user, track), the value the factor model's confidence is
/// computed from (Hu, Koren &amp; Volinsky 2008 take raw play counts; here plays count by completion and explicit
/// signals add to them). Stored in every trained model file, so Serving folds a user in with exactly the weights
/// Training used.
/// <list type="bullet">
/// <item>a play adds <see cref="Play"/> × completion, completion = msPlayed / track duration in [0, 1]; a play with no
/// msPlayed, or of a track whose duration is unknown, counts as complete;</item>
/// <item>a skip adds <see cref="Skip"/> (a weak negative), a like <see cref="Like"/>, a save <see cref="Save"/>;</item>
/// <item>a weight at or below zero is no interaction at all; a dislike or ban excludes the track (weight 0).</item>
/// </list>
/// </summary>
public sealed record FeedbackWeights
{
    public static FeedbackWeights Default { get; } = new();

    public double Play { get; init; } = 1.0;
    public double Skip { get; init; } = -0.5;
    public double Like { get; init; } = 4.0;
    public double Save { get; init; } = 2.0;

    /// <summary>The interaction weight, ≥ 0. <paramref name="durationMs"/>: the track's length, null or ≤ 0 when unknown.</summary>
    public double Weight(in FeedbackCounts counts, int? durationMs)
    {
        if (counts.Excluded) return 0;
        double plays = counts.Plays - counts.TimedPlays;
        if (counts.TimedPlays > 0)
            plays += durationMs is > 0 ? Math.Min(counts.TimedPlays, (double)counts.PlayedMs / durationMs.Value) : counts.TimedPlays;
        var weight = Play * plays + Skip * counts.Skips + Like * counts.Likes + Save * counts.Saves;
        return weight > 0 && double.IsFinite(weight) ? weight : 0;
    }

    /// <exception cref="ArgumentException">A weight is not finite, or likes, saves or plays do not count as positives.</exception>
    public FeedbackWeights Validated()
    {
        if (!double.IsFinite(Play) || !double.IsFinite(Skip) || !double.IsFinite(Like) || !double.IsFinite(Save))
            throw new ArgumentException("feedback weights must be finite numbers");
        if (Play <= 0 || Like <= 0 || Save <= 0)
            throw new ArgumentException("feedback weights: plays, likes and saves must weigh more than zero");
        return this;
    }

    internal void Write(BinaryWriter writer)
    {
        writer.Write(Play);
        writer.Write(Skip);
        writer.Write(Like);
        writer.Write(Save);
    }

    internal static FeedbackWeights Read(BinaryReader reader) =>
        new FeedbackWeights { Play = reader.ReadDouble(), Skip = reader.ReadDouble(), Like = reader.ReadDouble(), Save = reader.ReadDouble() }.Validated();
}
