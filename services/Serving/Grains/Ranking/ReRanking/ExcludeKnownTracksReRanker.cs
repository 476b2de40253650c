namespace OpenMrs.Serving.Grains.Ranking.ReRanking;

/// <summary>Drops tracks the user has heard, disliked or banned.</summary>
public sealed class ExcludeKnownTracksReRanker : IReRanker
{
    public IReadOnlyList<Candidate> ReRank(RankingContext context, IReadOnlyList<Candidate> ranked)
    {
        var user = context.User;
        return ranked
            .Where(c => !user.Heard.Contains(c.TrackId) && !user.Disliked.Contains(c.TrackId) && !user.Banned.Contains(c.TrackId))
            .ToList();
    }
}
