using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Experiments;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Ranking;
using OpenMrs.Serving.Grains.Recommendations;
using OpenMrs.Serving.Tests.Fixtures;

namespace OpenMrs.Serving.Tests.Personal;

public sealed class VariantAssignerTests
{
    private static VariantAssigner Assigner(string name = "exp-1") => new(Options.Create(new ServingOptions
    {
        Experiment = new ExperimentOptions { Name = name, Variants = [new VariantOptions { Name = "control", Weight = 90 }, new VariantOptions { Name = "treatment", Weight = 10 }] },
    }));

    [Fact]
    public void A_90_10_split_holds_over_10000_users_within_statistical_tolerance()
    {
        var assigner = Assigner();
        var treated = Enumerable.Range(0, 10_000).Count(u => assigner.Assign($"user-{u}")!.Name == "treatment");
        // Binomial(10000, 0.1): σ = 30; five σ either side.
        Assert.InRange(treated, 850, 1150);
    }

    [Fact]
    public void A_users_variant_never_changes_while_the_configuration_stays()
    {
        var users = Enumerable.Range(0, 2_000).Select(u => $"u{u}").ToList();
        var first = users.Select(u => Assigner().Assign(u)!.Name).ToList();
        Assert.Equal(first, users.Select(u => Assigner().Assign(u)!.Name));
        Assert.NotEqual(first, users.Select(u => Assigner("exp-2").Assign(u)!.Name));
        Assert.Null(new VariantAssigner(Options.Create(new ServingOptions())).Assign("anyone"));
    }
}

[Collection(ServingHostCollection.Name)]
public sealed class SingleFlightTests(ServingHostFixture host)
{
    [Fact]
    public async Task Concurrent_misses_for_one_user_compute_once()
    {
        await host.PublishModelAsync(TestData.RankedModel("sf", 30));
        var recommender = host.Services.GetRequiredService<CachedRecommender>();
        var userId = TestData.NewUserId();
        var computations = 0;
        var gate = new TaskCompletionSource();
        UserProfile Profile(OpenMrs.Serving.Grains.Models.ServingModel _)
        {
            Interlocked.Increment(ref computations);
            gate.Task.Wait();
            return UserProfile.Anonymous(userId);
        }

        var requests = Enumerable.Range(0, 16)
            .Select(_ => Task.Run(() => recommender.RecommendAsync(userId, 0, new RecommendationRequest(5), 0, null, Profile))).ToList();
        await Task.Delay(200);
        gate.SetResult();
        var lists = await Task.WhenAll(requests);

        Assert.Equal(1, computations);
        Assert.All(lists, l => Assert.Equal(lists[0].Items, l.Items));
        Assert.Equal(0, recommender.InFlight);
    }
}
