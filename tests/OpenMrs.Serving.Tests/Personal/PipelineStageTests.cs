using Microsoft.Extensions.Options;
using OpenMrs.ModelStore.Formats;
using OpenMrs.Serving.Grains.Content;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Ranking;
using OpenMrs.Serving.Grains.Ranking.Candidates;
using OpenMrs.Serving.Grains.Ranking.Candidates.FactorSearch;
using OpenMrs.Serving.Grains.Ranking.ReRanking;
using OpenMrs.Serving.Grains.Ranking.Scoring;
using OpenMrs.Serving.Tests.Fixtures;
using OpenMrs.Testing.Planted;

namespace OpenMrs.Serving.Tests.Personal;

/// <summary>The ranking stages on a planted model, without a host: artist cap and MMR on constructed cases.</summary>
public sealed class PipelineStageTests
{
    private static readonly PlantedListenStream Stream = PersonalModels.Stream;
    private static readonly Lazy<ServingModel> Model = new(() => new ServingModel("p-1",
        new PopularityModel(Stream.Events.GroupBy(e => e.TrackId).Select(g => new PopularTrack(g.Key, g.Count(), $"artist-{Stream.TrackGroup[g.Key]}"))),
        DateTimeOffset.UnixEpoch, new ModelPart("a-1", PersonalModels.Trained("als")), new ModelPart("i-1", PersonalModels.Trained("rp3b"))));

    private static RankingPipeline Pipeline(int artistCap) => new(
        [new CollaborativeCandidateGenerator(FactorIndexCache.ExactOnly), NeighbourCandidateGenerator.History(), NeighbourCandidateGenerator.Session(),
            new AudioCandidateGenerator(new TrackEmbeddings()), new PopularCandidateGenerator()],
        new BlendedScorer(Options.Create(new ServingOptions())),
        [new ExcludeKnownTracksReRanker(), new MmrReRanker(), new ArtistCapReRanker(artistCap)]);

    /// <summary>A user who mostly listens to group 0 and a little to group 1, folded in against the planted WALS model.</summary>
    private static UserProfile MixedUser()
    {
        var personal = Model.Value.Personal!.Model;
        var history = Stream.TracksOfGroup[0].Take(6).Select(t => (t, 3f)).Concat(Stream.TracksOfGroup[1].Take(2).Select(t => (t, 1f))).ToList();
        var vector = personal.Factors!.FoldInUser(personal.History(history));
        var heard = history.Select(h => h.Item1).ToHashSet();
        return new UserProfile("u", heard, new HashSet<string>(), new HashSet<string>(), vector, [.. heard]);
    }

    [Fact]
    public void The_artist_cap_holds_within_the_visible_list()
    {
        var capped = Pipeline(artistCap: 3).Rank(new RankingContext(MixedUser(), Model.Value, 10));
        var uncapped = Pipeline(artistCap: 0).Rank(new RankingContext(MixedUser(), Model.Value, 10));

        Assert.True(uncapped.GroupBy(i => Stream.TrackGroup[i.TrackId]).Max(g => g.Count()) > 3);
        Assert.All(capped.GroupBy(i => Stream.TrackGroup[i.TrackId]), g => Assert.True(g.Count() <= 3, $"artist-{g.Key}: {g.Count()}"));
    }

    [Fact]
    public void MMR_raises_intra_list_diversity()
    {
        var user = MixedUser();
        var relevance = Pipeline(0).Rank(new RankingContext(user, Model.Value, 10, Diversity: 0));
        var diverse = Pipeline(0).Rank(new RankingContext(user, Model.Value, 10, Diversity: 0.7));

        Assert.True(IntraListDiversity(diverse.Select(i => i.TrackId)) > IntraListDiversity(relevance.Select(i => i.TrackId)) + 0.05,
            $"{IntraListDiversity(diverse.Select(i => i.TrackId)):F3} vs {IntraListDiversity(relevance.Select(i => i.TrackId)):F3}");
        Assert.True(diverse.Select(i => Stream.TrackGroup[i.TrackId]).Distinct().Count() > relevance.Select(i => Stream.TrackGroup[i.TrackId]).Distinct().Count());
    }

    /// <summary>Mean over pairs of 1 − cosine of the WALS item factors.</summary>
    private static double IntraListDiversity(IEnumerable<string> tracks)
    {
        var part = Model.Value.Personal!;
        var items = tracks.Select(t => part.Model.Items.TryGetIndex(t, out var i) ? i : throw new InvalidOperationException(t)).ToArray();
        double sum = 0;
        var pairs = 0;
        for (var a = 0; a < items.Length; a++)
            for (var b = a + 1; b < items.Length; b++, pairs++) sum += 1 - part.FactorCosine(items[a], items[b])!.Value;
        return sum / pairs;
    }
}

/// <summary>The freshness boost and the heard window, on constructed cases with a known answer.</summary>
public sealed class FreshnessAndHeardWindowTests
{
    [Fact]
    public void A_track_new_in_the_catalogue_outranks_an_equally_popular_old_one_and_says_why()
    {
        var clock = new OpenMrs.Testing.ManualClock(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        var freshness = new TrackFreshness(clock);
        freshness.Seen("old", clock.GetUtcNow() - TimeSpan.FromDays(30));
        freshness.Seen("new", clock.GetUtcNow() - TimeSpan.FromDays(1));
        var model = new ServingModel("p", new PopularityModel([new PopularTrack("old", 10, "a"), new PopularTrack("new", 10, "b")]), clock.GetUtcNow());
        var pipeline = new RankingPipeline([new PopularCandidateGenerator()], new BlendedScorer(Options.Create(new ServingOptions { Scoring = new ScoringWeights { Popularity = 0.05 } }), freshness), []);

        var items = pipeline.Rank(new RankingContext(UserProfile.Anonymous("u"), model, 2));

        Assert.Equal(["new", "old"], items.Select(i => i.TrackId));
        Assert.Equal("new in the catalogue", items[0].Reason);
        Assert.Equal(1 - 1 / 14.0, freshness.Freshness("new", TimeSpan.FromDays(14)), 6);
        Assert.Equal(0, freshness.Freshness("old", TimeSpan.FromDays(14)));
    }

    [Fact]
    public void Outside_the_heard_window_a_played_track_may_return_but_a_disliked_one_never()
    {
        var state = new OpenMrs.Serving.Grains.State.UserListeningState();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        state.Apply(new OpenMrs.Contracts.Events.ListenEvent("1", "u", "long-ago", start, OpenMrs.Contracts.Events.ListenKind.Play));
        state.Apply(new OpenMrs.Contracts.Events.ListenEvent("2", "u", "disliked", start, OpenMrs.Contracts.Events.ListenKind.Dislike));
        state.Apply(new OpenMrs.Contracts.Events.ListenEvent("3", "u", "recent", start.AddDays(60), OpenMrs.Contracts.Events.ListenKind.Play));

        var known = state.KnownTracks(TimeSpan.FromDays(30));

        Assert.DoesNotContain("long-ago", known);
        Assert.Contains("recent", known);
        Assert.Contains("disliked", known);
        Assert.Contains("long-ago", state.KnownTracks());
    }
}
