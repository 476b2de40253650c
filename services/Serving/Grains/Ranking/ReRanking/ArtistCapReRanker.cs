namespace OpenMrs.Serving.Grains.Ranking.ReRanking;

/// <summary>
/// Keeps at most <c>maxPerArtist</c> tracks of one artist within the visible list; the overflow moves behind the
/// others (in its own order) instead of disappearing, so a short catalogue still fills the list. Tracks of
/// unknown artist are never capped.
/// </summary>
public sealed class ArtistCapReRanker(int maxPerArtist) : IReRanker
{
    public IReadOnlyList<Candidate> ReRank(RankingContext context, IReadOnlyList<Candidate> ranked)
    {
        if (maxPerArtist <= 0) return ranked;
        var perArtist = new Dictionary<string, int>(ranked.Count, StringComparer.OrdinalIgnoreCase);
        var kept = new List<Candidate>(ranked.Count);
        var overflow = new List<Candidate>();
        foreach (var candidate in ranked)
        {
            if (candidate.Artist.Length == 0) { kept.Add(candidate); continue; }
            var seen = perArtist.GetValueOrDefault(candidate.Artist);
            perArtist[candidate.Artist] = seen + 1;
            (seen < maxPerArtist ? kept : overflow).Add(candidate);
        }
        kept.AddRange(overflow);
        return kept;
    }
}
