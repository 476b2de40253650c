using System.Diagnostics;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Personalization;
using OpenMrs.Serving.Grains.Ranking.Candidates.FactorSearch;
using OpenMrs.Testing.Redis;

namespace OpenMrs.Benchmarks.Benchmarks.Personal;

/// <summary>
/// Serving with personal models on a large catalogue, in one run: WALS (64 factors) and RP3β fitted on a synthetic
/// taste stream over 100,000 tracks; single-threaded fold-in time per event for users with about 50 and 500
/// interactions, exact top-100 time, USearch build time, query time and recall@100 against exact; then, after one
/// unmeasured host has run the same reads (so the runtime has tiered the code up), through an in-process Serving host at concurrency 32, cache misses (full pipeline), cache hits (in-process and Redis) and
/// similar-tracks lookups, next to the raw Redis GET rate of the same machine.
/// Options: --tracks N (100000), --factors N (64), --users N training users (25000), --listens N per user (80),
/// --read-users N (3000), --hits N (200000; at 100k+ hits/s fewer span too short a time for a stable p99), --ann-above N (50000), --ann-sweep M:efConstruction:ef,… (HNSW settings
/// measured besides the default, for the time/recall table; "32:200:400,32:200:800"), --audio-dims N (32; audio embeddings
/// per track, grouped like the tastes, so misses include audio candidates; 0 = none).
/// </summary>
public sealed class PersonalServingBenchmark : IBenchmark
{
    public string Name => "personal-serving";
    public string Options => "[--tracks 100000] [--factors 64] [--users 25000] [--listens 80] [--read-users 3000] [--hits 200000] [--ann-above 50000] [--ann-sweep M:efConstruction:ef,...] [--audio-dims 32]";
    public string Description => "personal models on 100k tracks: fold-in, exact vs ANN top-k, hit/miss/similar p50/p99 at concurrency 32 vs raw Redis";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var tracks = int.Parse(BenchArgs.Value(args, "--tracks", "100000"));
        var factors = int.Parse(BenchArgs.Value(args, "--factors", "64"));
        var users = int.Parse(BenchArgs.Value(args, "--users", "25000"));
        var listensPerUser = int.Parse(BenchArgs.Value(args, "--listens", "80"));
        var readUsers = int.Parse(BenchArgs.Value(args, "--read-users", "3000"));
        var hits = int.Parse(BenchArgs.Value(args, "--hits", "200000"));
        var annAbove = int.Parse(BenchArgs.Value(args, "--ann-above", "50000"));
        var audioDimensions = int.Parse(BenchArgs.Value(args, "--audio-dims", "32"));

        var listens = new SyntheticListens(tracks, seed: 3);
        Console.WriteLine($"fitting WALS ({factors} factors) and RP3β on {users} users × {listensPerUser} listens over {tracks} tracks");
        var clock = Stopwatch.StartNew();
        var models = SyntheticPersonalModels.Fit(listens, users, listensPerUser, factors, cancellationToken);
        var fitSeconds = clock.Elapsed.TotalSeconds;
        var personal = new ModelPart("bench", models.Wals);
        Console.WriteLine($"{models.Wals.Items.Count} tracks, {models.Interactions} interactions, fitted in {fitSeconds:F1} s");

        Console.WriteLine("fold-in, exact and approximate top-k");
        FactorSearchMeasurements.FoldIn(personal, listens, users + 900_000, 50); // warm-up: the JIT's optimised code, not its first tier
        var foldIn = new[] { 50, 500 }.Select(n => FactorSearchMeasurements.FoldIn(personal, listens, users + 900_000 + n, n)).ToArray();
        var queryUsers = Enumerable.Range(users + 800_000, 300).ToArray();
        var queries = queryUsers.Select(u => UserFoldIn.Compute(personal, FactorSearchMeasurements.StateWith(listens, u, 50))!).ToArray();
        var heavy = queryUsers.Select(u => KnownItems(personal, FactorSearchMeasurements.StateWith(listens, u, 500))).ToArray();
        HnswSettings[] sweep = BenchArgs.Value(args, "--ann-sweep", "32:200:400,32:200:800") is { Length: > 0 } list
            ? [.. list.Split(',').Select(s => s.Split(':').Select(int.Parse).ToArray()).Select(v => new HnswSettings(v[0], v[1], v[2]))]
            : [];
        var search = await FactorSearchMeasurements.SearchAsync(personal, queries, heavy, annAbove, sweep);

        var reads = new PersonalReadMeasurements(models, listens, firstUser: users, readUsers, listensPerUser: 50, hits, audioDimensions);
        // The first host of the process also tiers up the silo's, grains' and cache's code: its measured misses compiled
        // 57–236 methods (38–151 ms of a core, in bursts that hold every call in flight) against 7–22 in the next host.
        // One unmeasured host first, as a server that has run a while is past that.
        Console.WriteLine("warm-up host: the same reads, not recorded");
        var warmupHost = await new PersonalReadMeasurements(models, listens, firstUser: users, readUsers, listensPerUser: 50, WarmupHostHits, audioDimensions)
            .MeasureAsync(redis: null, similar: false, sweep: false, cancellationToken);
        Console.WriteLine("reads with the in-process cache");
        var inProcess = await reads.MeasureAsync(redis: null, similar: true, sweep: true, cancellationToken);
        Console.WriteLine("reads with redis-server as the cache");
        PersonalReads withRedis, redisOnly;
        using (var redisServer = new RedisServerFixture())
        {
            withRedis = await reads.MeasureAsync(redisServer.ConnectionString, similar: false, sweep: true, cancellationToken);
            Console.WriteLine("reads with redis-server as the cache, near cache off (every hit a Redis GET)");
            redisOnly = await reads.MeasureAsync(redisServer.ConnectionString, similar: false, sweep: false, cancellationToken,
                new Dictionary<string, string?> { ["Serving:NearCacheEntries"] = "0" });
        }
        Console.WriteLine("raw Redis GET");
        var redis = await RedisRawRate.MeasureGetAsync(PersonalReadMeasurements.Concurrency, TimeSpan.FromSeconds(3), cancellationToken);

        BenchmarkResults.Write(Name, new
        {
            data = new { tracks = models.Wals.Items.Count, factors, trainingUsers = users, listensPerUser, interactions = models.Interactions, fitSeconds = Math.Round(fitSeconds, 1), audioDimensions },
            foldIn,
            topK = search,
            reads = new
            {
                concurrency = PersonalReadMeasurements.Concurrency,
                count = PersonalReadMeasurements.Count,
                users = readUsers,
                targetHitP99Ms = 2.0,
                targetMissP99Ms = 20.0,
                inProcessCache = inProcess,
                redisCache = withRedis,
                redisCacheNearCacheOff = redisOnly,
                redisHitP99ToRedisGetP99 = Math.Round(withRedis.Hit.P99Ms / redis.P99Ms, 2),
                redisHitRateToRedisGetRate = Math.Round(withRedis.Hit.RequestsPerSecond / redis.GetsPerSecond, 3),
                nearCacheOffHitP99ToRedisGetP99 = Math.Round(redisOnly.Hit.P99Ms / redis.P99Ms, 2),
            },
            rawRedis = redis,
            // The hit tail depends on it (README, personal serving): infra/run.sh and docker-compose set 0x4000000.
            gcGen0Size = Environment.GetEnvironmentVariable("DOTNET_GCgen0size") ?? "runtime default",
            warmupHostMissJitMs = warmupHost.Miss.JitMs,
            loadAverage = BenchData.LoadAverage(),
        });
        return 0;
    }

    /// <summary>Hits read on the unmeasured warm-up host (enough to tier up the hit path).</summary>
    private const int WarmupHostHits = 20_000;

    private static int[] KnownItems(ModelPart personal, OpenMrs.Serving.Grains.State.UserListeningState state) =>
        [.. state.KnownTracks().Select(t => personal.Model.Items.TryGetIndex(t, out var i) ? i : -1).Where(i => i >= 0).Order()];
}
