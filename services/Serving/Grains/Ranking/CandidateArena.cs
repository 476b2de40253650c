using OpenMrs.Serving.Grains.Models;

namespace OpenMrs.Serving.Grains.Ranking;

/// <summary>
/// The candidates of one ranking pass, made from objects kept across the passes of one thread. A miss proposes a few
/// hundred candidates and they were about half of its allocations, so half of what made the collector pause every
/// request in flight. The kept objects are old and few, so rewriting them costs the collector little. Each
/// <see cref="Release"/> ends a pass and hands the same objects out again: nothing made here may outlive its pass (<see cref="RankingPipeline.Rank"/> keeps none: its list holds only track ids and reasons). Not thread-safe.
/// </summary>
public sealed class CandidateArena
{
    /// <summary>Candidates kept for reuse at most; a pass that makes more allocates the rest.</summary>
    public const int MaxKept = 2_048;

    private readonly List<Candidate> _kept = [];
    private int _used;

    /// <summary>Candidates handed out since the last <see cref="Release"/>.</summary>
    public int Used => _used;

    /// <summary>
    /// Ends a pass: the candidates handed out let go of what they referenced (track ids, reasons and their sources, model
    /// parts), so a kept object never holds a swapped-out model or a user's profile alive, and the next pass starts.
    /// </summary>
    public void Release()
    {
        for (var n = 0; n < _used; n++) _kept[n].Set("", "", 0, 0, "", default);
        _used = 0;
    }

    /// <summary>A candidate as <see cref="Candidate"/>'s constructor makes it, on a kept object when one is free.</summary>
    public Candidate Make(string trackId, string source, int sourceRank, double sourceScore, string artist, CandidateReason reason,
        ModelPart? origin = null, int originItem = -1)
    {
        if (_used < _kept.Count)
        {
            var kept = _kept[_used++];
            kept.Set(trackId, source, sourceRank, sourceScore, artist, reason, origin, originItem);
            return kept;
        }
        var made = new Candidate(trackId, source, sourceRank, sourceScore, artist, reason, origin, originItem);
        if (_kept.Count < MaxKept)
        {
            _kept.Add(made);
            _used++;
        }
        return made;
    }
}
