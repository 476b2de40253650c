using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenMrs.ModelStore.Formats;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Ranking;
using OpenMrs.Serving.Grains.Recommendations;
using OpenMrs.Serving.Tests.Fixtures;

namespace OpenMrs.Serving.Tests.Caching;

/// <summary>
/// What a cached list is keyed by (<see cref="ServingModel.CacheVersion"/>): the personal parts' versions once one is
/// loaded, so popularity republished every few seconds does not throw away every user's cached list; the popularity
/// version before that.
/// </summary>
public sealed class CacheVersionTests : IDisposable
{
    private static readonly ModelPart Als1 = new("als-1", PersonalModels.Trained("als")), Als2 = new("als-2", PersonalModels.Trained("als"));
    private readonly ServiceProvider _services = Services();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void The_cache_version_is_the_personal_parts_once_loaded_else_the_popularity_version()
    {
        var popular = new ServingModel("pop-1", TestData.RankedModel("t", 20), DateTimeOffset.UnixEpoch);
        var personal = popular with { Personal = Als1 };

        Assert.Equal("pop-1", popular.CacheVersion);
        Assert.Equal("pop-1+als-als-1", personal.Version);
        Assert.Equal("als-als-1", personal.CacheVersion);
        Assert.Equal(personal.CacheVersion, (personal with { PopularityVersion = "pop-2" }).CacheVersion);
        Assert.NotEqual(personal.CacheVersion, (personal with { Personal = Als2 }).CacheVersion);
    }

    [Fact]
    public async Task A_new_popularity_model_keeps_a_personal_list_cached_and_a_new_personal_model_ranks_anew()
    {
        var user = TestData.NewUserId();
        var history = PersonalModels.Stream.TracksOfGroup[1].Take(3).ToList();

        Install("pop-1", Als1);
        var first = await RecommendAsync(user, history);
        Install("pop-2", Als1);
        var afterPopularity = await RecommendAsync(user, history);
        Install("pop-2", Als2);
        var afterPersonal = await RecommendAsync(user, history);

        Assert.Equal("pop-1+als-als-1", first.ModelVersion);
        // The cached list, with the version it was ranked with.
        Assert.Equal(first.ModelVersion, afterPopularity.ModelVersion);
        Assert.Equal(first.Items.Select(i => (i.TrackId, i.Score)), afterPopularity.Items.Select(i => (i.TrackId, i.Score)));
        Assert.NotEmpty(first.Items);
        Assert.Equal("pop-2+als-als-2", afterPersonal.ModelVersion);
    }

    [Fact]
    public async Task Before_any_personal_model_a_new_popularity_model_ranks_anew()
    {
        var user = TestData.NewUserId();
        Install("pop-a", personal: null);
        var first = await RecommendAsync(user, []);
        Install("pop-b", personal: null);
        var second = await RecommendAsync(user, []);

        Assert.Equal("pop-a", first.ModelVersion);
        Assert.Equal("pop-b", second.ModelVersion);
    }

    /// <summary>Swaps in these parts, announced as the part that changed (the holder takes only newer versions of a kind).</summary>
    private void Install(string popularity, ModelPart? personal)
    {
        var holder = (CurrentModelHolder)_services.GetRequiredService<ICurrentModel>();
        var (kind, version) = holder.Current?.PopularityVersion == popularity ? (personal!.Kind, personal.Version) : (PopularityModel.Kind, popularity);
        Assert.True(holder.TryUpdate(kind, version, _ => new ServingModel(popularity, TestData.RankedModel("t", 20), DateTimeOffset.UnixEpoch, personal)));
    }

    private Task<RecommendationList> RecommendAsync(string user, IReadOnlyList<string> history) =>
        _services.GetRequiredService<CachedRecommender>().RecommendAsync(user, stateVersion: 1, new RecommendationRequest(5), 0, null,
            model => new UserProfile(user, history.ToHashSet(), new HashSet<string>(), new HashSet<string>(),
                model.Personal?.Model.Factors?.FoldInUser(model.Personal.Model.History(history.Select(t => (t, 2f)).ToList())), history));

    private static ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelStore:Path"] = Path.Combine(Path.GetTempPath(), "openmrs-cache-version-tests-" + Guid.NewGuid().ToString("N")),
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddServingGrainServices(configuration);
        return services.BuildServiceProvider();
    }
}
