using Microsoft.Extensions.Options;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Ranking;
using OpenMrs.Serving.Grains.Ranking.Candidates;
using OpenMrs.Serving.Grains.Ranking.ReRanking;
using OpenMrs.Serving.Grains.Ranking.Scoring;
using OpenMrs.Serving.Tests.Fixtures;

namespace OpenMrs.Serving.Tests.Ranking;

public class RankingPipelineTests
{
    private static RankingPipeline Pipeline(int artistCap = 0) => new(
        [new PopularCandidateGenerator()],
        new BlendedScorer(Options.Create(new ServingOptions())),
        [new ExcludeKnownTracksReRanker(), new ArtistCapReRanker(artistCap)]);

    private static ServingModel Model(Func<int, string>? artist = null, int count = 30) =>
        new("v1", TestData.RankedModel("t", count, artist), DateTimeOffset.UnixEpoch);

    [Fact]
    public void An_unknown_user_gets_the_most_popular_tracks_in_order()
    {
        var items = Pipeline().Rank(new RankingContext(UserProfile.Anonymous("u"), Model(), 5));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => TestData.TrackId("t", i)), items.Select(i => i.TrackId));
        Assert.Equal(new ServingOptions().Scoring.Popularity, items[0].Score, 9);
        Assert.True(items.Zip(items.Skip(1)).All(p => p.First.Score > p.Second.Score));
        Assert.All(items, i => Assert.Equal("popular right now", i.Reason));
    }

    [Fact]
    public void Heard_disliked_and_banned_tracks_are_dropped_and_the_list_still_fills()
    {
        var user = new UserProfile("u",
            Heard: new HashSet<string> { "t-00", "t-02" },
            Disliked: new HashSet<string> { "t-01" },
            Banned: new HashSet<string> { "t-04" });
        var items = Pipeline().Rank(new RankingContext(user, Model(), 4));
        Assert.Equal(["t-03", "t-05", "t-06", "t-07"], items.Select(i => i.TrackId));
    }

    [Fact]
    public void Popular_candidates_skip_what_the_user_knows_or_the_request_excludes_and_fill_the_budget()
    {
        var known = Enumerable.Range(0, 120).Where(i => i % 3 == 0).Select(i => TestData.TrackId("t", i)).ToArray();
        var user = new UserProfile("u", Heard: known.Take(20).ToHashSet(), Disliked: known.Skip(20).Take(10).ToHashSet(), Banned: known.Skip(30).ToHashSet());
        var context = new RankingContext(user, Model(count: 300), 10, Exclude: new HashSet<string> { "t-01", "t-02" });

        var candidates = new PopularCandidateGenerator().Generate(context).ToList();

        Assert.Equal(CandidateBudget.For(context), candidates.Count);
        Assert.DoesNotContain(candidates, c => context.Excludes(c.TrackId));
        // The most popular others, in popularity order, each with its popularity rank.
        var expected = Enumerable.Range(0, 300).Select(i => TestData.TrackId("t", i)).Where(t => !context.Excludes(t)).Take(candidates.Count);
        Assert.Equal(expected, candidates.Select(c => c.TrackId));
        Assert.All(candidates, c => Assert.Equal(c.TrackId, context.Model.Popularity.Tracks[c.SourceRank].TrackId));
    }

    [Fact]
    public void Items_beyond_the_trending_ranks_say_popular_among_listeners()
    {
        var items = Pipeline().Rank(new RankingContext(UserProfile.Anonymous("u"), Model(), 15));
        Assert.Equal("popular right now", items[PopularCandidateGenerator.TrendingRanks - 1].Reason);
        Assert.Equal("popular among listeners", items[PopularCandidateGenerator.TrendingRanks].Reason);
    }

    [Fact]
    public void The_artist_cap_moves_an_artists_overflow_behind_other_artists()
    {
        // Tracks 0-3 by artist A, the rest each by its own artist.
        var model = Model(i => i < 4 ? "A" : $"artist-{i}");
        var items = Pipeline(artistCap: 2).Rank(new RankingContext(UserProfile.Anonymous("u"), model, 6));
        Assert.Equal(["t-00", "t-01", "t-04", "t-05", "t-06", "t-07"], items.Select(i => i.TrackId));
    }

    [Theory]
    // A page of 3, one track per artist: A2 and A3 overflow, and D1, past the full page, keeps its rank unread.
    [InlineData(3, "A1 A2 B1 A3 C1 D1", "A1 B1 C1 D1 A2 A3")]
    // A page the other artists cannot fill: the overflow fills it, in its own order.
    [InlineData(4, "A1 A2 A3 B1", "A1 B1 A2 A3")]
    // Tracks of unknown artist (empty) are never capped.
    [InlineData(4, "A1 _1 _2 A2 B1", "A1 _1 _2 B1 A2")]
    // The page's last place overflows: moved, and the next artist takes it.
    [InlineData(3, "A1 B1 A2 C1", "A1 B1 C1 A2")]
    // No overflow on the page: the order stays as it is, past the page too.
    [InlineData(2, "A1 B1 A2 A3", "A1 B1 A2 A3")]
    public void The_artist_cap_holds_on_the_page_and_keeps_every_candidate(int count, string ranked, string expected)
    {
        var candidates = ranked.Split(' ').Select((id, rank) =>
            new Candidate(id, "test", rank, 1.0 / (rank + 1), id[0] == '_' ? "" : id[..1], "test")).ToList();
        var reRanked = new ArtistCapReRanker(1).ReRank(new RankingContext(UserProfile.Anonymous("u"), Model(), count), candidates);
        Assert.Equal(expected.Split(' '), reRanked.Select(c => c.TrackId));
    }

    [Fact]
    public void A_request_larger_than_the_model_returns_the_whole_model()
    {
        var items = Pipeline().Rank(new RankingContext(UserProfile.Anonymous("u"), Model(count: 3), 10));
        Assert.Equal(3, items.Count);
    }
}
