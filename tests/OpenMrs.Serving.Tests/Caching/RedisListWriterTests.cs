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

    private static RecommendationList List(RankedListCacheKey key) =>
        new(key.UserId, key.ModelVersion, key.StateVersion, [new RecommendedItem("t-1", 0.5, "because you played", "t-0")]);

    [Fact]
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
            var json = await db.StringGetAsync(key.ToString());
            var read = System.Text.Json.JsonSerializer.Deserialize<RecommendationList>((byte[])json!, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
            Assert.Equal(List(key).Items, read!.Items);
            Assert.InRange((await db.KeyTimeToLiveAsync(key.ToString()))!.Value, TimeSpan.FromSeconds(50), TimeSpan.FromMinutes(1));
        }
    }

    [Fact]
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
