using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenMrs.Serving.Grains.Content;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Ranking;
using OpenMrs.Serving.Grains.Ranking.Candidates;
using OpenMrs.Serving.Grains.Recommendations;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Tests.Fixtures;

namespace OpenMrs.Serving.Tests.Ranking;

/// <summary><c>Serving:CandidatesPerGenerator</c>: how many candidates each generator proposes, from the setting to the generators.</summary>
public sealed class CandidateBudgetTests
{
    private static ServingModel Model(string version = "v1") => new(version, TestData.RankedModel("t", 300), DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData(7, 1, 7)]
    [InlineData(7, 5, 20)] // four per item asked for
    [InlineData(120, 10, 120)]
    public void A_generator_proposes_the_setting_or_four_per_item_whichever_is_more(int perGenerator, int count, int expected)
    {
        var context = new RankingContext(UserProfile.Anonymous("u"), Model(), count, CandidatesPerGenerator: perGenerator);

        Assert.Equal(expected, new PopularCandidateGenerator().Generate(context).Count());
    }

    [Theory]
    [InlineData(5, 10, 10)]
    [InlineData(5, 13, 13)] // 3 per anchor would make 15: the nearest 13 are kept
    [InlineData(1, 10, 10)] // one anchor gets the whole budget
    [InlineData(5, 100, 100)]
    public void Audio_candidates_share_the_budget_out_over_the_anchors_found(int anchors, int perGenerator, int expected)
    {
        // Five sound clusters (track t in cluster t % 5) far enough apart that each anchor's nearest are its own cluster's.
        var embeddings = new TrackEmbeddings();
        var random = new Random(3);
        for (var t = 0; t < 300; t++)
            embeddings.Upsert(TestData.TrackId("t", t), [.. Enumerable.Range(0, 8).Select(d => (d == t % 5 ? 10f : 0.1f) + (float)random.NextDouble())]);
        var recent = Enumerable.Range(0, anchors).Select(t => TestData.TrackId("t", t)).ToList();
        var user = UserProfile.Anonymous("u") with { RecentTracks = recent, Heard = recent.ToHashSet() };
        var generator = new AudioCandidateGenerator(embeddings);

        var candidates = generator.Generate(new RankingContext(user, Model(), 1, CandidatesPerGenerator: perGenerator)).ToList();
        var wider = generator.Generate(new RankingContext(user, Model(), 1, CandidatesPerGenerator: 2 * perGenerator)).ToList();

        // Every cosine is positive and no two anchors share a neighbour, so the budget is filled exactly.
        Assert.Equal(expected, candidates.Count);
        Assert.Equal(candidates.Count, candidates.Select(c => c.TrackId).Distinct().Count());
        Assert.Subset(wider.Select(c => c.TrackId).ToHashSet(), candidates.Select(c => c.TrackId).ToHashSet());
    }

    [Fact]
    public async Task The_setting_reaches_the_generators_of_a_recommendation()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "OpenMrs.Serving.Ranking", // a literal: this runs inside RankingPipeline's type initializer
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var services = Services("13");
        var version = "budget-" + Guid.NewGuid().ToString("N"); // other tests' spans reach the listener too
        ((CurrentModelHolder)services.GetRequiredService<ICurrentModel>()).TryUpdate("popularity", version, _ => Model(version));
        var user = TestData.NewUserId();

        var list = await services.GetRequiredService<CachedRecommender>()
            .RecommendAsync(user, 0, new RecommendationRequest(2), 0, null, _ => UserProfile.Anonymous(user));

        Assert.Equal(2, list.Items.Count);
        var popular = Assert.Single(spans, s => s.OperationName == "rank.candidates popular" && s.Parent?.GetTagItem("openmrs.model_version") as string == version);
        Assert.Equal(13, popular.GetTagItem("openmrs.candidates"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10001")]
    public async Task A_budget_outside_1_to_10000_is_refused_with_its_name(string value)
    {
        await using var services = Services(value);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ServingOptions>>().Value);
        Assert.Contains("Serving:CandidatesPerGenerator must lie in [1, 10000]", error.Message);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("10000", 10_000)]
    public async Task The_bounds_themselves_are_accepted(string value, int expected)
    {
        await using var services = Services(value);

        Assert.Equal(expected, services.GetRequiredService<IOptions<ServingOptions>>().Value.CandidatesPerGenerator);
    }

    private static ServiceProvider Services(string candidatesPerGenerator)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelStore:Path"] = Path.Combine(Path.GetTempPath(), "openmrs-candidate-budget-tests-" + Guid.NewGuid().ToString("N")),
            ["Serving:CandidatesPerGenerator"] = candidatesPerGenerator,
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddServingGrainServices(configuration);
        return services.BuildServiceProvider();
    }
}
