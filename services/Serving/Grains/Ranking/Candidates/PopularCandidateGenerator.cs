namespace OpenMrs.Serving.Grains.Ranking.Candidates;

/// <summary>
/// The most popular tracks of the current popularity model that the user does not know yet (nor the request
/// excludes), as many as the candidate budget: room for re-ranking to reorder. The source rank stays the track's
/// popularity rank.
/// </summary>
public sealed class PopularCandidateGenerator : ICandidateGenerator
{
    public const string Source = "popular";

    /// <summary>The top this-many tracks are "popular right now"; the rest "popular among listeners".</summary>
    public const int TrendingRanks = 10;


    public string Name => Source;

    public IEnumerable<Candidate> Generate(RankingContext context)
    {
        var tracks = context.Model.Popularity.Tracks;
        var budget = Math.Min(tracks.Length, CandidateBudget.For(context));
        var candidates = new List<Candidate>(budget);
        for (var rank = 0; rank < tracks.Length && candidates.Count < budget; rank++)
        {
            var track = tracks[rank];
            if (context.Excludes(track.TrackId)) continue;
            var reason = rank < TrendingRanks ? "popular right now" : "popular among listeners";
            candidates.Add(context.NewCandidate(track.TrackId, Source, rank, track.Score, track.Artist, reason));
        }
        return candidates;
    }
}
