using OpenMrs.Serving.Grains.Models;

namespace OpenMrs.Serving.Grains.Ranking;

/// <summary>
/// A track proposed by one or more candidate generators, then scored and re-ranked. Each generator leaves its own
/// signal (and the reason that goes with it); a track proposed twice carries both. Generators make them through
/// <see cref="RankingContext.NewCandidate"/>, which reuses the objects of earlier passes on the thread when the pass
/// has a <see cref="CandidateArena"/>.
/// </summary>
public sealed class Candidate
{
    // Most candidates come from one generator, so its signal is kept inline; a short list holds any merged in later
    // (a few hundred candidates per request, each with a dictionary, were a quarter of a miss's allocations).
    private Signal _first;
    private List<(string Source, Signal Signal)>? _merged;

    /// <param name="origin">The model part whose item <paramref name="originItem"/> this track is, when the generator knows it (what scoring reads by index).</param>
    public Candidate(string trackId, string source, int sourceRank, double sourceScore, string artist, CandidateReason reason,
        ModelPart? origin = null, int originItem = -1) =>
        Set(trackId, source, sourceRank, sourceScore, artist, reason, origin, originItem);

    /// <summary>Makes this object a new candidate, as the constructor would (for <see cref="CandidateArena"/>).</summary>
    internal void Set(string trackId, string source, int sourceRank, double sourceScore, string artist, CandidateReason reason,
        ModelPart? origin = null, int originItem = -1)
    {
        (TrackId, Source, SourceRank, SourceScore, Artist, Reason, Score) = (trackId, source, sourceRank, sourceScore, artist, reason, 0);
        (Origin, OriginItem) = origin is null ? (null, -1) : (origin, originItem);
        _first = new Signal(sourceScore, reason);
        _merged?.Clear();
    }

    public string TrackId { get; private set; } = "";

    /// <summary>The generator that proposed it first, e.g. "cf", "popular".</summary>
    public string Source { get; private set; } = "";

    /// <summary>Zero-based rank within its generator's list; after a merge the best rank of any generator.</summary>
    public int SourceRank { get; private set; }

    /// <summary>The first generator's own signal (e.g. the popularity score).</summary>
    public double SourceScore { get; private set; }

    public string Artist { get; internal set; } = "";

    /// <summary>The model part that numbers this track as <see cref="OriginItem"/>, or null.</summary>
    public ModelPart? Origin { get; private set; }

    /// <summary>The track's item index in <see cref="Origin"/>; −1 without one.</summary>
    public int OriginItem { get; private set; } = -1;

    /// <summary>The signal <paramref name="source"/> gave this track; false when that generator did not propose it.</summary>
    public bool TryGetSignal(string source, out Signal signal)
    {
        if (string.Equals(Source, source, StringComparison.Ordinal)) signal = _first;
        else if (MergedIndex(source) is var at and >= 0) signal = _merged![at].Signal;
        else
        {
            signal = default;
            return false;
        }
        return true;
    }

    /// <summary>The final score, set by the scoring stage.</summary>
    public double Score { get; set; }

    /// <summary>A short why, shown to the listener; the scorer picks the one of the strongest weighted signal.</summary>
    public CandidateReason Reason { get; set; }

    /// <summary>The signal of <paramref name="source"/>, or 0 when that generator did not propose the track.</summary>
    public double SignalOf(string source) => TryGetSignal(source, out var s) ? s.Value : 0;

    /// <summary>
    /// The signals of <paramref name="sources"/> into <paramref name="signals"/> (same order, at least as long; default where
    /// that generator did not propose the track) in one pass over this candidate's signals, for scoring every term at once.
    /// </summary>
    /// <returns>Bit i set where <paramref name="sources"/>[i]'s generator proposed the track (at most 32 sources).</returns>
    public int SignalsOf(ReadOnlySpan<string> sources, Span<Signal> signals)
    {
        signals[..sources.Length].Clear();
        var found = Place(Source, _first, sources, signals);
        if (_merged is { } merged)
            foreach (var (source, signal) in merged) found |= Place(source, signal, sources, signals);
        return found;
    }

    private static int Place(string source, Signal signal, ReadOnlySpan<string> sources, Span<Signal> signals)
    {
        for (var i = 0; i < sources.Length; i++)
            if (string.Equals(sources[i], source, StringComparison.Ordinal))
            {
                signals[i] = signal;
                return 1 << i;
            }
        return 0;
    }

    /// <summary>Takes <paramref name="other"/>'s signals (the stronger one per generator) into this candidate.</summary>
    public void Merge(Candidate other)
    {
        Keep(other.Source, other._first);
        if (other._merged is { } merged)
            foreach (var (name, signal) in merged) Keep(name, signal);
        SourceRank = Math.Min(SourceRank, other.SourceRank);
        if (Artist.Length == 0) Artist = other.Artist;
        if (Origin is null) (Origin, OriginItem) = (other.Origin, other.OriginItem);
    }

    /// <summary>Stores <paramref name="signal"/> as <paramref name="source"/>'s unless that generator already gave a stronger one.</summary>
    private void Keep(string source, Signal signal)
    {
        if (string.Equals(Source, source, StringComparison.Ordinal))
        {
            if (signal.Value > _first.Value) _first = signal;
            return;
        }
        _merged ??= new List<(string, Signal)>(2);
        if (MergedIndex(source) is var at and >= 0)
        {
            if (signal.Value > _merged[at].Signal.Value) _merged[at] = (source, signal);
            return;
        }
        _merged.Add((source, signal));
    }

    /// <summary>Where <paramref name="source"/>'s signal sits in the merged list, or −1 (a loop: the scorer asks per candidate and term).</summary>
    private int MergedIndex(string source)
    {
        for (var i = 0; i < (_merged?.Count ?? 0); i++)
            if (string.Equals(_merged![i].Source, source, StringComparison.Ordinal)) return i;
        return -1;
    }
}

/// <summary>One generator's evidence for a candidate: its score and the reason it gives.</summary>
public readonly record struct Signal(double Value, CandidateReason Reason);
