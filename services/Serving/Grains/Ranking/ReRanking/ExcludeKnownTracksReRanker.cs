namespace OpenMrs.Serving.Grains.Ranking.ReRanking;

/// <summary>Drops tracks the user has heard, disliked or banned, and those the request excludes.</summary>
public sealed class ExcludeKnownTracksReRanker : IReRanker
{
    public IReadOnlyList<Candidate> ReRank(RankingContext context, IReadOnlyList<Candidate> ranked)
    {
        var user = context.User;
        return ranked
            .Where(c => !user.Heard.Contains(c.TrackId) && !user.Disliked.Contains(c.TrackId) && !user.Banned.Contains(c.TrackId)
                        && context.Exclude?.Contains(c.TrackId) != true)
            .ToList();
    }
}
