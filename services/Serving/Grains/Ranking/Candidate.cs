namespace OpenMrs.Serving.Grains.Ranking;

/// <summary>
/// A track proposed by one or more candidate generators, then scored and re-ranked. Each generator leaves its own
/// signal (and the reason that goes with it); a track proposed twice carries both.
/// </summary>
public sealed class Candidate(string trackId, string source, int sourceRank, double sourceScore, string artist, string reason)
{
    private readonly Dictionary<string, Signal> _signals = new(StringComparer.Ordinal) { [source] = new Signal(sourceScore, reason) };

    public string TrackId { get; } = trackId;

    /// <summary>The generator that proposed it first, e.g. "cf", "popular".</summary>
    public string Source { get; } = source;

    /// <summary>Zero-based rank within its generator's list; after a merge the best rank of any generator.</summary>
    public int SourceRank { get; private set; } = sourceRank;

    /// <summary>The first generator's own signal (e.g. the popularity score).</summary>
    public double SourceScore { get; } = sourceScore;

    public string Artist { get; private set; } = artist;

    /// <summary>Every generator's signal, by generator name.</summary>
    public IReadOnlyDictionary<string, Signal> Signals => _signals;

    /// <summary>The final score, set by the scoring stage.</summary>
    public double Score { get; set; }

    /// <summary>A short why, shown to the listener; the scorer picks the one of the strongest weighted signal.</summary>
    public string Reason { get; set; } = reason;

    /// <summary>The signal of <paramref name="source"/>, or 0 when that generator did not propose the track.</summary>
    public double SignalOf(string source) => _signals.TryGetValue(source, out var s) ? s.Value : 0;

    /// <summary>Takes <paramref name="other"/>'s signals (the stronger one per generator) into this candidate.</summary>
    public void Merge(Candidate other)
    {
        foreach (var (name, signal) in other._signals)
            if (!_signals.TryGetValue(name, out var mine) || signal.Value > mine.Value) _signals[name] = signal;
        SourceRank = Math.Min(SourceRank, other.SourceRank);
        if (Artist.Length == 0) Artist = other.Artist;
    }
}

/// <summary>One generator's evidence for a candidate: its score and the reason it gives.</summary>
public readonly record struct Signal(double Value, string Reason);
