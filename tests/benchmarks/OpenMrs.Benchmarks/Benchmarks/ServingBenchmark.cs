using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenMrs.Contracts.Events;
using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Ranking;
using OpenMrs.Testing.Redis;

namespace OpenMrs.Benchmarks.Benchmarks;

/// <summary>
/// The Serving service alone, in process: the ranking pipeline's rate on a 10,000-track model for a user with a full
/// history; grain event application (ApplyAsync calls/s at concurrency 64 over many users); and
/// GetRecommendationsAsync latency on cache misses and hits, with the in-process cache and with a real redis-server.
/// Options: --users N (10000), --events N per user (20), --tracks N (10000), --count N (20).
/// </summary>
public sealed class ServingBenchmark : IBenchmark
{
    private const int ApplyConcurrency = 64;
    private const int ReadConcurrency = 32;

    public string Name => "serving";
    public string Description => "serving: ranking pipeline ranks/s, grain ApplyAsync calls/s, recommendation p50/p99 (miss/hit; in-process and Redis cache)";
    public string Options => "[--users 10000] [--events 20] [--tracks 10000] [--count 20]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var users = int.Parse(BenchArgs.Value(args, "--users", "10000"));
        var eventsPerUser = int.Parse(BenchArgs.Value(args, "--events", "20"));
        var tracks = int.Parse(BenchArgs.Value(args, "--tracks", "10000"));
        var count = int.Parse(BenchArgs.Value(args, "--count", "20"));
        var model = ZipfModel(tracks);

        Console.WriteLine("ranking pipeline");
        var ranking = await MeasureWithHostAsync(redis: null, host => Task.FromResult<object>(MeasureRanking(host, model, count)), model, cancellationToken);

        Console.WriteLine("grains with the in-process cache");
        var inProcess = await MeasureWithHostAsync(redis: null, host => MeasureGrainsAsync(host, users, eventsPerUser, tracks, count), model, cancellationToken);

        Console.WriteLine("grains with redis-server as the cache");
        using var redisServer = new RedisServerFixture();
        var withRedis = await MeasureWithHostAsync(redisServer.ConnectionString, host => MeasureGrainsAsync(host, users, eventsPerUser, tracks, count), model, cancellationToken);

        BenchmarkResults.Write(Name, new
        {
            users, eventsPerUser, tracks, count,
            ranking,
            inProcessCache = inProcess,
            redisCache = withRedis,
        });
        return 0;
    }

    private static Task<object> MeasureWithHostAsync(
        string? redis, Func<WebApplication, Task<object>> measure, PopularityModel model, CancellationToken cancellationToken) =>
        ServingHost.RunAsync(redis, null, async app =>
        {
            var manifest = await PopularityModelFile.PublishAsync(app.Services.GetRequiredService<IModelStore>(), model, null, cancellationToken);
            app.Services.GetRequiredService<ModelLoader>().Load(manifest.Kind, manifest.Version);
            return await measure(app);
        }, cancellationToken);

    private static object MeasureRanking(WebApplication host, PopularityModel model, int count)
    {
        var pipeline = host.Services.GetRequiredService<RankingPipeline>();
        var current = host.Services.GetRequiredService<ICurrentModel>().Current!;
        // A user with a full history of popular tracks: the worst case for candidate budget and exclusion.
        var heard = model.Tracks[..Math.Min(500, model.Count)].ToArray().Select(t => t.TrackId).ToHashSet();
        var user = new UserProfile("bench", heard, new HashSet<string>(), new HashSet<string>());
        var context = new RankingContext(user, current, count,
            CandidatesPerGenerator: host.Services.GetRequiredService<IOptions<ServingOptions>>().Value.CandidatesPerGenerator);
        for (var i = 0; i < 200; i++) pipeline.Rank(context);

        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            var start = Stopwatch.GetTimestamp();
            pipeline.Rank(context);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }
        return new
        {
            ranksPerSecond = Math.Round(latencies.Count / clock.Elapsed.TotalSeconds),
            p50Microseconds = Percentile(latencies, 0.50),
            p99Microseconds = Percentile(latencies, 0.99),
            heardTracks = heard.Count,
        };
    }

    private static async Task<object> MeasureGrainsAsync(WebApplication host, int users, int eventsPerUser, int tracks, int count)
    {
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var random = new Random(7);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var listens = new List<ListenEvent>(users * eventsPerUser);
        for (var e = 0; e < eventsPerUser; e++)
        for (var u = 0; u < users; u++)
            listens.Add(new ListenEvent($"e{u}-{e}", $"user-{u}", $"track-{random.Next(tracks)}", start.AddMinutes(e), ListenKind.Play));

        var applyClock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(listens, new ParallelOptions { MaxDegreeOfParallelism = ApplyConcurrency },
            async (listen, _) => await grains.UserGrain(listen.UserId).ApplyAsync(listen));
        var applySeconds = applyClock.Elapsed.TotalSeconds;

        var readUsers = Enumerable.Range(0, users).Select(u => $"user-{u}").ToArray();
        var misses = await MeasureReadsAsync(grains, readUsers, count);
        var hits = await MeasureReadsAsync(grains, readUsers, count);
        return new
        {
            applyCallsPerSecond = Math.Round(listens.Count / applySeconds),
            applyCalls = listens.Count,
            miss = misses,
            hit = hits,
        };
    }

    private static async Task<object> MeasureReadsAsync(IGrainFactory grains, string[] users, int count)
    {
        var latencies = new double[users.Length];
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, users.Length), new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency },
            async (i, _) =>
            {
                var startedAt = Stopwatch.GetTimestamp();
                await grains.UserGrain(users[i]).GetRecommendationsAsync(count);
                latencies[i] = Stopwatch.GetElapsedTime(startedAt).TotalMicroseconds;
            });
        var list = latencies.ToList();
        return new
        {
            requestsPerSecond = Math.Round(users.Length / clock.Elapsed.TotalSeconds),
            p50Microseconds = Percentile(list, 0.50),
            p99Microseconds = Percentile(list, 0.99),
        };
    }

    /// <summary>Scores following a Zipf law (s = 1), as listening data does.</summary>
    private static PopularityModel ZipfModel(int tracks) =>
        new(Enumerable.Range(0, tracks).Select(i => new PopularTrack($"track-{i}", 100_000.0 / (i + 1), $"artist-{i % (tracks / 10 + 1)}")));

    private static double Percentile(List<double> values, double p)
    {
        values.Sort();
        return Math.Round(values[Math.Min(values.Count - 1, (int)(p * values.Count))], 1);
    }

}
