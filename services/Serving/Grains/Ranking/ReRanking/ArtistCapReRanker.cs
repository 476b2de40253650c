using System.Runtime.InteropServices;

namespace OpenMrs.Serving.Grains.Ranking.ReRanking;

/// <summary>
/// Keeps at most <c>maxPerArtist</c> tracks of one artist within the visible list (the request's count); the overflow
/// moves behind the others (in its own order) instead of disappearing, so a short catalogue still fills the list.
/// Tracks of unknown artist are never capped. Candidates past a full page keep their rank order unread: the pipeline
/// shows only the page, and counting every candidate's artist was most of this stage's time.
/// </summary>
public sealed class ArtistCapReRanker(int maxPerArtist) : IReRanker
{
    public IReadOnlyList<Candidate> ReRank(RankingContext context, IReadOnlyList<Candidate> ranked)
    {
        if (maxPerArtist <= 0 || ranked.Count <= maxPerArtist) return ranked;
        var perArtist = new Dictionary<string, int>(Math.Min(context.Count, ranked.Count), StringComparer.OrdinalIgnoreCase);
        if (!AnyOverflow(context.Count, ranked, perArtist)) return ranked;
        perArtist.Clear();
        var kept = new List<Candidate>(ranked.Count);
        var overflow = new List<Candidate>();
        var at = 0;
        for (; at < ranked.Count && kept.Count < context.Count; at++)
        {
            var candidate = ranked[at];
            if (candidate.Artist.Length == 0) { kept.Add(candidate); continue; }
            var seen = perArtist.GetValueOrDefault(candidate.Artist);
            perArtist[candidate.Artist] = seen + 1;
            (seen < maxPerArtist ? kept : overflow).Add(candidate);
        }
        for (; at < ranked.Count; at++) kept.Add(ranked[at]);
        kept.AddRange(overflow);
        return kept;
    }

    /// <summary>True when a track overflows its artist's cap before the page is full: otherwise the order stays as it is.</summary>
    private bool AnyOverflow(int count, IReadOnlyList<Candidate> ranked, Dictionary<string, int> perArtist)
    {
        for (var at = 0; at < ranked.Count && at < count; at++)
        {
            var artist = ranked[at].Artist;
            if (artist.Length == 0) continue;
            ref var seen = ref CollectionsMarshal.GetValueRefOrAddDefault(perArtist, artist, out _);
            if (++seen > maxPerArtist) return true;
        }
        return false;
    }
}
