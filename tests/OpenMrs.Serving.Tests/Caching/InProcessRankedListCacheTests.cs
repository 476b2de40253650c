using Microsoft.Extensions.Options;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Caching;
using OpenMrs.Serving.Grains.Hosting;

namespace OpenMrs.Serving.Tests.Caching;

public sealed class InProcessRankedListCacheTests
{
    [Fact]
    public async Task Writers_racing_past_the_bound_never_fail_and_the_bound_holds()
    {
        const int capacity = 50, writers = 8, writesEach = 3_000;
        var cache = new InProcessRankedListCache(() => capacity, Options.Create(new ServingOptions()), TimeProvider.System);
        using var start = new Barrier(writers);

        // Threads of their own, all writing at once: evictions run while other writers insert.
        var failures = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            var failed = 0;
            for (var n = 0; n < writesEach; n++)
            {
                var key = new RankedListCacheKey($"user-{w}-{n}", "v1", n, 10);
                try
                {
                    cache.SetAsync(key, new RecommendationList(key.UserId, "v1", n, [])).GetAwaiter().GetResult();
                }
                catch (Exception)
                {
                    failed++;
                }
            }
            return failed;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

        Assert.Equal(0, failures.Sum());
        Assert.InRange(cache.Count, 1, capacity + writers);
        var last = new RankedListCacheKey("user-last", "v1", 1, 10);
        await cache.SetAsync(last, new RecommendationList("user-last", "v1", 1, []));
        Assert.Equal("user-last", (await cache.GetAsync(last))?.UserId);
    }

    [Fact]
    public async Task A_list_is_found_by_an_equal_request_and_not_by_another_one()
    {
        var cache = new InProcessRankedListCache(() => 100, Options.Create(new ServingOptions()), TimeProvider.System);
        var key = new RankedListCacheKey("u", "v1", 3, 10, "b", 0.3, ["t2", "t1"]);
        await cache.SetAsync(key, new RecommendationList("u", "v1", 3, [new RecommendedItem("t9", 1, "popular right now")]));

        // Built anew, with the excluded ids in another order and repeated: the same request.
        Assert.Equal("t9", (await cache.GetAsync(new RankedListCacheKey("u", "v1", 3, 10, "b", 0.3, ["t1", "t2", "t1"])))?.Items[0].TrackId);
        Assert.Equal(key.ToString(), new RankedListCacheKey("u", "v1", 3, 10, "b", 0.3, ["t1", "t2"]).ToString());
        Assert.Null(await cache.GetAsync(key with { StateVersion = 4 }));
        Assert.Null(await cache.GetAsync(new RankedListCacheKey("u", "v1", 3, 10, "b", 0.3, ["t1"])));
        Assert.Null(await cache.GetAsync(new RankedListCacheKey("u", "v1", 3, 10, "b", 0.3)));
        Assert.Null(await cache.GetAsync(key with { ModelVersion = "v2" }));
    }
}
