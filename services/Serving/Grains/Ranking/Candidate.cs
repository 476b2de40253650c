namespace OpenMrs.Serving.Grains.Ranking;

/// <summary>A track proposed by a candidate generator, then scored and re-ranked.</summary>
public sealed class Candidate(string trackId, string source, int sourceRank, double sourceScore, string artist, string reason)
{
    public string TrackId { get; } = trackId;

    /// <summary>Which generator proposed it, e.g. "popular".</summary>
    public string Source { get; } = source;

    /// <summary>Zero-based rank within its generator's list.</summary>
    public int SourceRank { get; } = sourceRank;

    /// <summary>The generator's own signal (e.g. the popularity score).</summary>
    public double SourceScore { get; } = sourceScore;

    public string Artist { get; } = artist;

    /// <summary>The final score, set by the scoring stage.</summary>
    public double Score { get; set; }

    /// <summary>A short why, shown to the listener.</summary>
    public string Reason { get; set; } = reason;
}
