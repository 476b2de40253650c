using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Caching;
using OpenMrs.Serving.Tests.Fixtures;
using OpenMrs.Testing;
using OpenMrs.Testing.Redis;
using StackExchange.Redis;

namespace OpenMrs.Serving.Tests.Caching;

public sealed class RedisListWriterTests : IDisposable
{
    private readonly RedisServerFixture _server = new();

    public void Dispose() => _server.Dispose();

    /// <summary>A connection whose commands wait seconds, not the service's 250 ms: for the tests' own reads on a busy machine.</summary>
    private ConnectionMultiplexer Patient(string options = "") => ConnectionMultiplexer.Connect($"{_server.ConnectionString},syncTimeout=10000,asyncTimeout=10000{options}");

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static RecommendationList List(RankedListCacheKey key) =>
        new(key.UserId, key.ModelVersion, key.StateVersion, [new RecommendedItem("t-1", 0.5, "because you played", "t-0")]);

    [Fact(Timeout = 60_000)]
    public async Task Queued_lists_land_in_redis_with_a_ttl_and_read_back_as_written()
    {
        using var redis = Patient();
        var failures = 0;
        var errors = new System.Collections.Concurrent.ConcurrentBag<string>();
        var keys = Enumerable.Range(0, 3 * RedisListWriter.MaxBatch).Select(n => new RankedListCacheKey(TestData.NewUserId(), "v1", n, 10)).ToArray();
        await using (var writer = new RedisListWriter(redis, () => TimeSpan.FromMinutes(1), e => { errors.Add(e.GetType().Name + ": " + e.Message); Interlocked.Increment(ref failures); }, NullLogger.Instance))
            foreach (var key in keys) writer.Enqueue(key, List(key));

        // Disposal finished the queue: every list is in Redis, more than one batch's worth.
        var db = redis.GetDatabase();
        Assert.True(failures == 0, string.Join("\n", errors.Distinct().Take(5)));
        foreach (var key in keys)
        {
            // The same bytes as the reflection-based serializer with the web defaults writes (what the cache wrote before).
            var json = (byte[])(await db.StringGetAsync(key.ToString()))!;
            Assert.Equal(System.Text.Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(List(key), Web)), System.Text.Encoding.UTF8.GetString(json));
            Assert.InRange((await db.KeyTimeToLiveAsync(key.ToString()))!.Value, TimeSpan.FromSeconds(50), TimeSpan.FromMinutes(1));
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Lists_queued_within_the_window_go_as_one_batch_and_a_zero_window_still_writes()
    {
        using var redis = Patient();
        var keys = Enumerable.Range(0, 10).Select(n => new RankedListCacheKey(TestData.NewUserId(), "v1", n, 10)).ToArray();
        await using (var gathering = new RedisListWriter(redis, () => TimeSpan.FromMinutes(1), _ => { }, NullLogger.Instance, window: TimeSpan.FromMilliseconds(500)))
        {
            foreach (var key in keys) gathering.Enqueue(key, List(key));
            Assert.Equal(keys.Length, await Eventually.WaitForAsync(() => Task.FromResult(gathering.Sent.Lists), n => n == keys.Length));
            Assert.Equal((1L, (long)keys.Length), gathering.Sent);
        }

        await using var immediate = new RedisListWriter(redis, () => TimeSpan.FromMinutes(1), _ => { }, NullLogger.Instance, window: TimeSpan.Zero);
        var first = new RankedListCacheKey(TestData.NewUserId(), "v1", 0, 10);
        immediate.Enqueue(first, List(first));
        Assert.Equal((1L, 1L), await Eventually.WaitForAsync(() => Task.FromResult(immediate.Sent), sent => sent.Lists == 1));
        var db = redis.GetDatabase();
        Assert.True(await Eventually.WaitForAsync(() => db.KeyExistsAsync(first.ToString()), exists => exists));
        Assert.True(await Eventually.WaitForAsync(() => db.KeyExistsAsync(keys[^1].ToString()), exists => exists));
    }

    [Fact]
    public void A_negative_window_is_refused()
    {
        using var redis = Patient();
        Assert.Throws<ArgumentOutOfRangeException>(() => new RedisListWriter(redis, () => TimeSpan.FromMinutes(1), _ => { }, NullLogger.Instance, window: TimeSpan.FromMilliseconds(-1)));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_list_that_does_not_serialise_is_reported_and_the_rest_of_its_batch_lands()
    {
        using var redis = Patient();
        var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        var broken = new RankedListCacheKey(TestData.NewUserId(), "v1", 1, 10);
        var fine = new RankedListCacheKey(TestData.NewUserId(), "v1", 1, 10);
        await using (var writer = new RedisListWriter(redis, () => TimeSpan.FromMinutes(1), errors.Add, NullLogger.Instance))
        {
            writer.Enqueue(broken, List(broken) with { Items = [new RecommendedItem("t-1", double.NaN, "popular right now")] });
            writer.Enqueue(fine, List(fine));
        }

        Assert.Single(errors);
        Assert.False(await redis.GetDatabase().KeyExistsAsync(broken.ToString()));
        Assert.True(await redis.GetDatabase().KeyExistsAsync(fine.ToString()));
    }

    [Fact(Timeout = 60_000)]
    public async Task Disposal_with_redis_stalled_returns_and_accounts_for_every_list()
    {
        using var redis = RedisConnections.Connect(_server.ConnectionString);
        using var admin = Patient(",allowAdmin=true");
        var failed = 0;
        var writer = new RedisListWriter(redis, () => TimeSpan.FromMinutes(1), _ => Interlocked.Increment(ref failed), NullLogger.Instance);
        await admin.GetServer(admin.GetEndPoints()[0]).ExecuteAsync("CLIENT", "PAUSE", "20000", "ALL");
        const int lists = 1_000;
        for (var n = 0; n < lists; n++)
        {
            var key = new RankedListCacheKey(TestData.NewUserId(), "v1", n, 10);
            writer.Enqueue(key, List(key));
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await writer.DisposeAsync();

        // Disposal returns while Redis is still paused (for 20 s), and every list is then a timed-out write or a dropped one.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"disposal took {clock.Elapsed}");
        Assert.Equal(lists, await Eventually.WaitForAsync(() => Task.FromResult(Volatile.Read(ref failed)), n => n == lists));
    }

    [Fact(Timeout = 60_000)]
    public async Task With_redis_stalled_the_queue_stays_bounded_and_every_dropped_write_is_reported()
    {
        using var redis = RedisConnections.Connect(_server.ConnectionString); // the service's connection: a paused command times out
        using var admin = Patient(",allowAdmin=true");
        var dropped = 0;
        var failed = 0;
        await using var writer = new RedisListWriter(redis, () => TimeSpan.FromMinutes(1), e =>
        {
            if (e.Message.Contains("queue is full")) Interlocked.Increment(ref dropped);
            else Interlocked.Increment(ref failed);
        }, NullLogger.Instance);
        // Every client's commands wait while Redis is paused: the writer's batch waits until its timeout.
        await admin.GetServer(admin.GetEndPoints()[0]).ExecuteAsync("CLIENT", "PAUSE", "1500", "ALL");
        var first = new RankedListCacheKey(TestData.NewUserId(), "v1", 0, 10);
        writer.Enqueue(first, List(first));
        await Task.Delay(50);

        const int extra = 100;
        for (var n = 0; n < RedisListWriter.MaxPendingWrites + RedisListWriter.MaxBatch + extra; n++)
        {
            var key = new RankedListCacheKey(TestData.NewUserId(), "v1", n, 10);
            writer.Enqueue(key, List(key));
        }

        // The writer holds at most the queue and one batch, so at least the extra writes were dropped, and said so.
        Assert.InRange(Volatile.Read(ref dropped), extra, extra + RedisListWriter.MaxBatch + 1);
        // After the pause the writer goes on: a new list lands (the stalled ones timed out and were reported).
        var later = new RankedListCacheKey(TestData.NewUserId(), "v1", 1, 10);
        Assert.True(await Eventually.WaitForAsync(async () =>
        {
            writer.Enqueue(later, List(later));
            return await admin.GetDatabase().KeyExistsAsync(later.ToString());
        }, exists => exists, TimeSpan.FromSeconds(30)));
        Assert.True(Volatile.Read(ref failed) > 0);
    }
}
