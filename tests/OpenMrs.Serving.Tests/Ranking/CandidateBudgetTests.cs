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

    [Fact]
    public void Audio_candidates_share_the_budget_out_over_their_anchors()
    {
        var embeddings = new TrackEmbeddings();
        var random = new Random(3);
        for (var t = 0; t < 200; t++) embeddings.Upsert(TestData.TrackId("t", t), [.. Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble() + 0.1f)]);
        var recent = Enumerable.Range(0, AudioCandidateGenerator.Anchors).Select(t => TestData.TrackId("t", t)).ToList();
        var user = UserProfile.Anonymous("u") with { RecentTracks = recent, Heard = recent.ToHashSet() };
        var generator = new AudioCandidateGenerator(embeddings);

        var small = generator.Generate(new RankingContext(user, Model(), 1, CandidatesPerGenerator: 10)).ToList();
        var large = generator.Generate(new RankingContext(user, Model(), 1, CandidatesPerGenerator: 100)).ToList();

        // At most 10 / 5 = 2 per anchor, the nearest of the 20 each anchor brings at 100 (all cosines positive).
        Assert.InRange(small.Count, 2, 10);
        Assert.InRange(large.Count, small.Count + 1, 100);
        Assert.Subset(large.Select(c => c.TrackId).ToHashSet(), small.Select(c => c.TrackId).ToHashSet());
    }

    [Fact]
    public async Task The_setting_reaches_the_generators_of_a_recommendation()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == RankingPipeline.Activities.Name,
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

    private static ServiceProvider Services(string candidatesPerGenerator)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelStore:Path"] = Path.Combine(Path.GetTempPath(), "openmrs-candidate-budget-tests"),
            ["Serving:CandidatesPerGenerator"] = candidatesPerGenerator,
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddServingGrainServices(configuration);
        return services.BuildServiceProvider();
    }
}
