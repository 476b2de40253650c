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
        if (maxPerArtist <= 0) return ranked;
        var perArtist = new Dictionary<string, int>(Math.Min(context.Count, ranked.Count), StringComparer.OrdinalIgnoreCase);
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
}
