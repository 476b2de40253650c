namespace OpenMrs.Serving.Grains.Ranking.ReRanking;

/// <summary>Drops tracks the user has heard, disliked or banned, and those the request excludes.</summary>
public sealed class ExcludeKnownTracksReRanker : IReRanker
{
    public IReadOnlyList<Candidate> ReRank(RankingContext context, IReadOnlyList<Candidate> ranked)
    {
        var kept = new List<Candidate>(ranked.Count);
        foreach (var candidate in ranked)
            if (!context.Excludes(candidate.TrackId)) kept.Add(candidate);
        return kept;
    }
}
