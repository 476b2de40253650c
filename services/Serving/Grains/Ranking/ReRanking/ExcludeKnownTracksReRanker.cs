namespace OpenMrs.Serving.Grains.Ranking.ReRanking;

/// <summary>Drops tracks the user has heard, disliked or banned, and those the request excludes.</summary>
public sealed class ExcludeKnownTracksReRanker : IReRanker
{
    /// <returns><paramref name="ranked"/> itself when nothing is dropped (the generators already leave known tracks out), else a new list.</returns>
    public IReadOnlyList<Candidate> ReRank(RankingContext context, IReadOnlyList<Candidate> ranked)
    {
        var first = 0;
        while (first < ranked.Count && !context.Excludes(ranked[first].TrackId)) first++;
        if (first == ranked.Count) return ranked;
        var kept = new List<Candidate>(ranked.Count - 1);
        for (var i = 0; i < first; i++) kept.Add(ranked[i]);
        for (var i = first + 1; i < ranked.Count; i++)
            if (!context.Excludes(ranked[i].TrackId)) kept.Add(ranked[i]);
        return kept;
    }
}
