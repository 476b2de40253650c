namespace OpenMrs.Serving.Grains.Ranking.Scoring;

/// <summary>
/// Weights of <see cref="BlendedScorer"/> (configuration section <c>Serving:Scoring</c>). Each generator signal is
/// normalised to [0, 1] over the request's candidates before it is weighted, so the weights compare across models.
/// </summary>
public sealed class ScoringWeights
{
    /// <summary>The collaborative score q_i · x_u.</summary>
    public double Collaborative { get; set; } = 1.0;

    /// <summary>The ranker's (learned blend's) score of the user's whole history.</summary>
    public double Ranker { get; set; } = 1.0;

    /// <summary>Similarity to the user's recent listens (item neighbours).</summary>
    public double Neighbours { get; set; } = 0.5;

    /// <summary>Similarity to the current session's last tracks.</summary>
    public double Session { get; set; } = 0.3;

    /// <summary>Audio-content similarity to recent listens (embedding cosine).</summary>
    public double Audio { get; set; } = 0.2;

    /// <summary>Popularity relative to the most popular track; for everyone, the whole score before a personal model.</summary>
    public double Popularity { get; set; } = 0.1;

    /// <summary>Added at full strength for a track announced just now, fading over <c>Serving:FreshnessWindow</c>.</summary>
    public double Freshness { get; set; } = 0.1;

    /// <summary>Subtracted at full strength once the user skipped <see cref="SkipsForFullPenalty"/> tracks of the candidate's artist.</summary>
    public double ArtistSkipPenalty { get; set; } = 0.3;

    public int SkipsForFullPenalty { get; set; } = 3;

    internal bool IsValid() =>
        new[] { Collaborative, Ranker, Neighbours, Session, Audio, Popularity, Freshness, ArtistSkipPenalty }.All(w => double.IsFinite(w) && w >= 0) && SkipsForFullPenalty >= 1;
}
