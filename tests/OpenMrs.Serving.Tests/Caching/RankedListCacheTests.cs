using OpenMrs.Testing;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Caching;
using OpenMrs.Serving.Tests.Fixtures;
using Orleans.Runtime;
using StackExchange.Redis;

namespace OpenMrs.Serving.Tests.Caching;

[Collection(ServingHostCollection.Name)]
public sealed class RankedListCacheTests(ServingHostFixture host) : IDisposable
{
    private readonly ConnectionMultiplexer _redis = ConnectionMultiplexer.Connect(host.Redis.ConnectionString + ",abortConnect=false");

    public void Dispose() => _redis.Dispose();

    [Fact]
    public async Task A_list_round_trips_through_redis_with_a_ttl()
    {
        var cache = host.Services.GetRequiredService<IRankedListCache>();
        Assert.IsType<RedisRankedListCache>(cache);
        var key = new RankedListCacheKey(TestData.NewUserId(), "v-round-trip", 7, 3);
        var list = new RecommendationList(key.UserId, key.ModelVersion, key.StateVersion,
            [new RecommendedItem("a", 1, "popular right now"), new RecommendedItem("b", 0.5, "popular among listeners")]);

        await cache.SetAsync(key, list);
        var read = await cache.GetAsync(key);

        Assert.NotNull(read);
        Assert.Equal(list.Items, read.Items);
        Assert.Equal(list.ModelVersion, read.ModelVersion);
        // The Redis write completes after SetAsync returns (it is off the request path).
        var ttl = await Eventually.WaitForAsync(() => _redis.GetDatabase().KeyTimeToLiveAsync(key.ToString()), t => t is not null);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task A_list_written_or_read_once_is_then_served_from_the_near_cache_without_redis()
    {
        var cache = host.Services.GetRequiredService<IRankedListCache>();
        var written = new RankedListCacheKey(TestData.NewUserId(), "v-near", 1, 2);
        var elsewhere = new RankedListCacheKey(TestData.NewUserId(), "v-near", 1, 2);
        var list = new RecommendationList(written.UserId, written.ModelVersion, 1, [new RecommendedItem("n", 1, "popular right now")]);
        var db = _redis.GetDatabase();
        await cache.SetAsync(written, list);
        // A list another silo ranked: only in Redis until this silo reads it once.
        await db.StringSetAsync(elsewhere.ToString(), JsonSerializer.SerializeToUtf8Bytes(list with { UserId = elsewhere.UserId },
            new JsonSerializerOptions(JsonSerializerDefaults.Web)), TimeSpan.FromMinutes(1));
        Assert.NotNull(await cache.GetAsync(elsewhere));

        // The keys name immutable lists, so the near copies stay right when Redis no longer has them.
        await db.KeyDeleteAsync([written.ToString(), elsewhere.ToString()]);
        Assert.Equal(list.Items, (await cache.GetAsync(written))?.Items);
        Assert.Equal(elsewhere.UserId, (await cache.GetAsync(elsewhere))?.UserId);
        Assert.Null(await cache.GetAsync(written with { StateVersion = 2 }));
    }

    [Fact]
    public async Task The_key_follows_the_state_version_and_the_model_version()
    {
        var first = await host.PublishModelAsync(TestData.RankedModel("k", 20));
        var userId = TestData.NewUserId();
        var grain = host.Grains.GetGrain<IUserGrain>(userId);
        var db = _redis.GetDatabase();

        var before = await grain.GetRecommendationsAsync(3);
        Assert.True(await LandsInRedisAsync(db, new RankedListCacheKey(userId, first, 0, 3).ToString()));

        await grain.ApplyAsync(TestData.Listen(userId, "k-00"));
        var afterListen = await grain.GetRecommendationsAsync(3);
        Assert.Equal(1, afterListen.StateVersion);
        Assert.True(await LandsInRedisAsync(db, new RankedListCacheKey(userId, first, 1, 3).ToString()));
        Assert.Equal(["k-00", "k-01", "k-02"], before.Items.Select(i => i.TrackId));
        Assert.Equal(["k-01", "k-02", "k-03"], afterListen.Items.Select(i => i.TrackId));

        var second = await host.PublishModelAsync(TestData.RankedModel("m", 20));
        var afterModel = await grain.GetRecommendationsAsync(3);
        Assert.Equal(second, afterModel.ModelVersion);
        Assert.Equal(["m-00", "m-01", "m-02"], afterModel.Items.Select(i => i.TrackId));
        Assert.True(await LandsInRedisAsync(db, new RankedListCacheKey(userId, second, 1, 3).ToString()));
    }

    [Fact]
    public async Task A_cached_list_is_served_from_redis()
    {
        var version = await host.PublishModelAsync(TestData.RankedModel("c", 10));
        var userId = TestData.NewUserId();
        // Put a list under the exact key the request will use; only a cache read can return it.
        var planted = new RecommendationList(userId, version, 0, [new RecommendedItem("planted", 0.25, "from the cache")]);
        await _redis.GetDatabase().StringSetAsync(new RankedListCacheKey(userId, version, 0, 2).ToString(),
            JsonSerializer.SerializeToUtf8Bytes(planted, new JsonSerializerOptions(JsonSerializerDefaults.Web)), TimeSpan.FromMinutes(1));

        var list = await host.Http.GetFromJsonAsync<RecommendationList>($"/v1/users/{userId}/recommendations?count=2");

        Assert.Equal(["planted"], list!.Items.Select(i => i.TrackId));
    }

    [Fact]
    public async Task A_state_version_reached_on_this_silo_is_ranked_without_a_redis_read_for_each_new_key()
    {
        var version = await host.PublishModelAsync(TestData.RankedModel("h", 10));
        var userId = TestData.NewUserId();
        var grain = host.Grains.GetGrain<IUserGrain>(userId);
        await grain.ApplyAsync(TestData.Listen(userId, "h-00"));
        // Lists under the exact keys of the next requests: only a Redis read can return them.
        await PlantAsync(new RankedListCacheKey(userId, version, 1, 2));
        await PlantAsync(new RankedListCacheKey(userId, version, 1, 3));

        // State version 1 was reached by this activation: no other silo can have ranked it, so each new key ranks.
        var first = await grain.GetRecommendationsAsync(2);
        var second = await grain.GetRecommendationsAsync(3);
        Assert.Equal(1, first.StateVersion);
        Assert.Equal(["h-01", "h-02"], first.Items.Select(i => i.TrackId));
        Assert.Equal(["h-01", "h-02", "h-03"], second.Items.Select(i => i.TrackId));
        // A repeated key is this silo's own list (from its near cache).
        Assert.Equal(first.Items, (await grain.GetRecommendationsAsync(2)).Items);
    }

    [Fact]
    public async Task A_reactivated_grain_reads_redis_on_its_first_request_at_the_version_it_loaded()
    {
        var version = await host.PublishModelAsync(TestData.RankedModel("r", 10));
        var userId = TestData.NewUserId();
        var grain = host.Grains.GetGrain<IUserGrain>(userId);
        await grain.ApplyAsync(TestData.Listen(userId, "r-00"));
        // Deactivation writes the state (version 1); the next activation loads it, so another silo may have ranked version 1.
        var management = host.Grains.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        var id = grain.GetGrainId();
        Assert.False(await Eventually.WaitForAsync(async () => (await management.GetActiveGrains(id.Type)).Contains(id), active => !active));
        await PlantAsync(new RankedListCacheKey(userId, version, 1, 2));

        var first = await grain.GetRecommendationsAsync(2);

        Assert.Equal(1, first.StateVersion);
        Assert.Equal(["planted"], first.Items.Select(i => i.TrackId));
    }

    /// <summary>Writes a one-item list ("planted") under <paramref name="key"/> in Redis, as another silo would.</summary>
    private Task PlantAsync(RankedListCacheKey key) =>
        _redis.GetDatabase().StringSetAsync(key.ToString(), JsonSerializer.SerializeToUtf8Bytes(
            new RecommendationList(key.UserId, key.ModelVersion, key.StateVersion, [new RecommendedItem("planted", 0.25, "from the cache")]),
            new JsonSerializerOptions(JsonSerializerDefaults.Web)), TimeSpan.FromMinutes(1));

    [Fact]
    public async Task With_redis_down_lists_are_still_served_and_readiness_is_degraded_then_caching_resumes()
    {
        var version = await host.PublishModelAsync(TestData.RankedModel("d", 10));
        try
        {
            host.Redis.Stop();

            var userId = TestData.NewUserId();
            var response = await host.Http.GetAsync($"/v1/users/{userId}/recommendations?count=4");
            response.EnsureSuccessStatusCode();
            var list = await response.Content.ReadFromJsonAsync<RecommendationList>();
            Assert.Equal(["d-00", "d-01", "d-02", "d-03"], list!.Items.Select(i => i.TrackId));

            var ready = await host.Http.GetAsync("/health/ready");
            var report = await ready.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Degraded", report.GetProperty("status").GetString());
            Assert.Equal("Degraded", report.GetProperty("checks").GetProperty(Serving.Health.RedisCacheHealthCheck.Name).GetProperty("status").GetString());
        }
        finally
        {
            host.Redis.Start();
        }

        // Once the client has reconnected, a new request's list lands in Redis again.
        var db = _redis.GetDatabase();
        var cached = await Eventually.WaitForAsync(async () =>
        {
            var user = TestData.NewUserId();
            await host.Http.GetAsync($"/v1/users/{user}/recommendations?count=4");
            // Lists reach Redis in batches a few milliseconds after the request (RedisListWriter's window).
            try { return await Eventually.WaitForAsync(() => db.KeyExistsAsync(new RankedListCacheKey(user, version, 0, 4).ToString()), exists => exists, TimeSpan.FromSeconds(1)); }
            catch (RedisException) { return false; }
        }, exists => exists);
        Assert.True(cached);

        var healthy = await Eventually.WaitForAsync(async () =>
            (await (await host.Http.GetAsync("/health/ready")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString(),
            status => status == "Healthy");
        Assert.Equal("Healthy", healthy);
    }

    /// <summary>Whether <paramref name="key"/> appears in Redis within the default wait (the write does not hold up the request).</summary>
    private static Task<bool> LandsInRedisAsync(IDatabase db, string key) =>
        Eventually.WaitForAsync(() => db.KeyExistsAsync(key), exists => exists);
}
