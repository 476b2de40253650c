namespace OpenMrs.Serving.Grains.Ranking.Candidates;

/// <summary>
/// The most popular tracks of the current popularity model. Proposes enough of them that the requested count
/// survives the exclusion of everything the user already knows, with room left for re-ranking to reorder.
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
        var wanted = CandidateBudget.For(context) + context.User.ExcludedCount;
        var budget = Math.Min(tracks.Length, wanted);
        var candidates = new Candidate[budget];
        for (var rank = 0; rank < budget; rank++)
        {
            var track = tracks[rank];
            var reason = rank < TrendingRanks ? "popular right now" : "popular among listeners";
            candidates[rank] = new Candidate(track.TrackId, Source, rank, track.Score, track.Artist, reason);
        }
        return candidates;
    }
}
