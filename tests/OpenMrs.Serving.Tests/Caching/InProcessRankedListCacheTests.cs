using Microsoft.Extensions.Options;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Caching;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Testing;

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

    private static RecommendationList ListOf(string user, int items, int seed) =>
        new(user, "v1", seed, [.. Enumerable.Range(0, items).Select(i => new RecommendedItem($"t{seed}-{i}", items - i, "because you played", $"a{seed}"))], seed % 2 == 0 ? "b" : null);

    private static RankedListCacheKey KeyOf(int n) => new($"user-{n}", "v1", n, 10);

    [Fact]
    public async Task Lists_of_any_length_come_back_as_written_the_newest_always_and_the_bound_holds_as_the_slab_wraps()
    {
        const int capacity = 100;
        var cache = new InProcessRankedListCache(() => capacity, Options.Create(new ServingOptions()), TimeProvider.System);
        var written = new List<(int N, int Items)>();

        for (var n = 0; n < 2_000; n++)
        {
            var items = n * 37 % 97; // 0..96 items, in no particular order
            await cache.SetAsync(KeyOf(n), ListOf($"user-{n}", items, n));
            written.Add((n, items));
            Assert.Equal(ListOf($"user-{n}", items, n), await cache.GetAsync(KeyOf(n)), ListComparer);
            Assert.InRange(cache.Count, 1, capacity);
        }

        // Whatever is still held is exactly what was written, and the newest lists that fit in the slab are all held.
        var held = 0;
        foreach (var (n, items) in written)
            if (await cache.GetAsync(KeyOf(n)) is { } found) { Assert.Equal(ListOf($"user-{n}", items, n), found, ListComparer); held++; }
        var newest = 0;
        for (int total = 0, i = written.Count - 1; i >= 0 && (total += written[i].Items) <= InProcessRankedListCache.MinSlabItems - 96 && newest < capacity; i--)
        {
            Assert.NotNull(await cache.GetAsync(KeyOf(written[i].N)));
            newest++;
        }
        Assert.InRange(held, newest, capacity);
    }

    [Fact]
    public async Task The_slab_grows_to_its_bound_keeping_every_list_then_the_oldest_go_first()
    {
        const int capacity = 1_000; // one shard, a slab of up to 10,000 items
        var cache = new InProcessRankedListCache(() => capacity, Options.Create(new ServingOptions()), TimeProvider.System);

        for (var n = 0; n < 900; n++) await cache.SetAsync(KeyOf(n), ListOf($"user-{n}", 10, n));
        for (var n = 0; n < 900; n++) Assert.Equal(ListOf($"user-{n}", 10, n), await cache.GetAsync(KeyOf(n)), ListComparer);

        for (var n = 900; n < 1_100; n++) await cache.SetAsync(KeyOf(n), ListOf($"user-{n}", 10, n));

        Assert.Equal(capacity, cache.Count);
        for (var n = 0; n < 100; n++) Assert.Null(await cache.GetAsync(KeyOf(n)));
        for (var n = 100; n < 1_100; n++) Assert.Equal(ListOf($"user-{n}", 10, n), await cache.GetAsync(KeyOf(n)), ListComparer);
    }

    [Fact]
    public async Task A_key_written_again_answers_with_its_new_list_and_an_expired_list_is_gone()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var cache = new InProcessRankedListCache(() => 10, Options.Create(new ServingOptions { CacheTtl = TimeSpan.FromMinutes(5) }), clock);

        await cache.SetAsync(KeyOf(1), ListOf("user-1", 3, 1));
        await cache.SetAsync(KeyOf(2), ListOf("user-2", 4, 2));
        await cache.SetAsync(KeyOf(1), ListOf("user-1", 5, 7));
        Assert.Equal(ListOf("user-1", 5, 7), await cache.GetAsync(KeyOf(1)), ListComparer);
        Assert.Equal(2, cache.Count);

        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(await cache.GetAsync(KeyOf(1)));
        Assert.Null(await cache.GetAsync(KeyOf(2)));
    }

    [Fact]
    public async Task Empty_lists_written_again_and_again_stay_within_the_bound()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var cache = new InProcessRankedListCache(() => 10, Options.Create(new ServingOptions { CacheTtl = TimeSpan.FromMinutes(5) }), clock);

        // The same key, expired and written again: the log keeps no more than the bound allows.
        for (var n = 0; n < 10_000; n++)
        {
            Assert.Null(await cache.GetAsync(KeyOf(1)));
            await cache.SetAsync(KeyOf(1), ListOf("user-1", 0, 1));
            Assert.Empty((await cache.GetAsync(KeyOf(1)))!.Items);
            clock.Advance(TimeSpan.FromMinutes(6));
        }

        Assert.InRange(cache.Logged, 1, 20);
    }

    /// <summary>Lists compare by their fields and their items in order (a record compares its item list by reference).</summary>
    private static readonly IEqualityComparer<RecommendationList?> ListComparer = EqualityComparer<RecommendationList?>.Create(
        (a, b) => a is null || b is null ? a is null && b is null
            : a.UserId == b.UserId && a.ModelVersion == b.ModelVersion && a.StateVersion == b.StateVersion && a.Variant == b.Variant && a.Items.SequenceEqual(b.Items),
        list => list?.UserId.GetHashCode() ?? 0);
}
