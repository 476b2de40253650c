using Microsoft.Extensions.Options;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Ranking;
using OpenMrs.Serving.Grains.Ranking.Candidates;
using OpenMrs.Serving.Grains.Ranking.ReRanking;
using OpenMrs.Serving.Grains.Ranking.Scoring;
using OpenMrs.Serving.Tests.Fixtures;

namespace OpenMrs.Serving.Tests.Ranking;

/// <summary>Reused candidate objects rank exactly as fresh ones: nothing of an earlier pass leaks into the next.</summary>
public sealed class CandidateArenaTests
{
    private static readonly ServingModel Model = new("v1", TestData.RankedModel("t", 40), DateTimeOffset.UnixEpoch);

    /// <summary>Neighbour signals for five of the popular tracks, a different five per user, so candidates merge.</summary>
    private sealed class PlantedNeighbours : ICandidateGenerator
    {
        public string Name => NeighbourCandidateGenerator.HistorySource;

        public IEnumerable<Candidate> Generate(RankingContext context)
        {
            var first = context.User.UserId == "a" ? 20 : 30;
            return Enumerable.Range(0, 5).Select(n => context.NewCandidate(
                TestData.TrackId("t", first + n), Name, n, 1.0 / (1 + n), "", new CandidateReason("because you played", $"x-{context.User.UserId}"))).ToList();
        }
    }

    private static RankingPipeline Pipeline() => new(
        [new PopularCandidateGenerator(), new PlantedNeighbours()],
        new BlendedScorer(Options.Create(new ServingOptions())),
        [new ExcludeKnownTracksReRanker()]);

    private static RankingContext Context(string user) => new(UserProfile.Anonymous(user), Model, 10);

    [Fact]
    public void A_pass_on_reused_candidates_ranks_as_one_on_fresh_ones()
    {
        var pipeline = Pipeline();
        // The reference: every candidate allocated (no arena).
        var freshA = pipeline.Order(Context("a"), pipeline.Candidates(Context("a")));
        var freshB = pipeline.Order(Context("b"), pipeline.Candidates(Context("b")));
        Assert.Contains(freshA, i => i.Reason == "because you played x-a");
        Assert.NotEqual(freshA, freshB);

        var a = pipeline.Rank(Context("a"));
        var b = pipeline.Rank(Context("b"));
        var aAgain = pipeline.Rank(Context("a"));

        Assert.Equal(freshA, a);
        Assert.Equal(freshB, b);
        Assert.Equal(freshA, aAgain);
    }

    [Fact]
    public void A_released_arena_hands_out_the_same_objects_with_nothing_of_the_last_pass()
    {
        var arena = new CandidateArena();
        var popular = arena.Make("t-01", PopularCandidateGenerator.Source, 3, 0.5, "artist", "popular right now");
        popular.Merge(new Candidate("t-01", CollaborativeCandidateGenerator.Source, 0, 2.0, "", "because"));
        popular.Score = 7;
        Assert.Equal(2.0, popular.SignalOf(CollaborativeCandidateGenerator.Source));
        Assert.Equal(1, arena.Used);

        arena.Release();
        var next = arena.Make("t-02", NeighbourCandidateGenerator.HistorySource, 1, 0.25, "", "because you played t-09", Model.Personal, 4);

        Assert.Same(popular, next);
        Assert.Equal(("t-02", NeighbourCandidateGenerator.HistorySource, 1, 0.25, 0.0), (next.TrackId, next.Source, next.SourceRank, next.SourceScore, next.Score));
        Assert.Equal(0.0, next.SignalOf(CollaborativeCandidateGenerator.Source));
        Assert.Equal(0.0, next.SignalOf(PopularCandidateGenerator.Source));
        Assert.Equal(0.25, next.SignalOf(NeighbourCandidateGenerator.HistorySource));
        Assert.Equal("because you played t-09", next.Reason.ToString());
        Assert.Equal((null, -1), (next.Origin, next.OriginItem)); // Model.Personal is null: no origin
        Assert.NotSame(next, arena.Make("t-03", PopularCandidateGenerator.Source, 0, 1, "", "popular right now"));
    }

    [Fact]
    public void A_released_arena_holds_nothing_of_its_pass_alive()
    {
        var arena = new CandidateArena();
        var (candidate, reasonSource) = MakeWithReasonSource(arena);
        arena.Release();

        Assert.Equal(0, arena.Used);
        Assert.Equal(("", null, -1), (candidate.TrackId, candidate.Origin, candidate.OriginItem));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.False(reasonSource.IsAlive);
    }

    private sealed class Explains : IReasonSource
    {
        public CandidateReason Explain(int item) => $"item {item}";
    }

    // Apart, so no local of the test's frame keeps the reason's source alive.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (Candidate, WeakReference) MakeWithReasonSource(CandidateArena arena)
    {
        var source = new Explains();
        var candidate = arena.Make("t-01", CollaborativeCandidateGenerator.Source, 0, 1, "a", new CandidateReason(source, 3));
        Assert.Equal("item 3", candidate.Reason.ToString());
        return (candidate, new WeakReference(source));
    }
}
