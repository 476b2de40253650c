using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using IServer = Microsoft.AspNetCore.Hosting.Server.IServer;
using Microsoft.Extensions.DependencyInjection;
using OpenMrs.AllInOne.Composition;
using OpenMrs.Contracts.Events;
using OpenMrs.Contracts.Wire;
using OpenMrs.Messaging.Configuration;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace OpenMrs.Benchmarks.Benchmarks.EndToEnd;

/// <summary>
/// The whole system in embedded mode: ingestion throughput from HTTP accept to grain applied, ranked-list read
/// latency (cache hits and misses) at concurrency 32, and the raw Kafka produce and Redis GET rates on the same
/// machine, so each figure is also a ratio to what the underlying part can do alone.
/// Options: --batches N (1,000 events each, default 200), --warmup N (batches from cold before measuring, default 300),
/// --users N (10000), --clients N (4), --reads N (20000), --warmup-reads N (100000); --allocations ingest|hits prints the types that phase allocates most;
/// --traced records every span (as with an exporter and the always-on sampler) into a discarding exporter.
/// </summary>
public sealed class SystemBenchmark : IBenchmark
{
    private const int BatchSize = 1_000;
    private const int ReadConcurrency = 32;
    private const int RawKafkaMessages = 200_000;

    public string Name => "system";
    public string Description => "end to end: ingest events/s to grain applied, read p50/p99 (hit/miss), vs raw Kafka produce and Redis GET";
    public string Options => "[--batches 200] [--warmup 300] [--users 10000] [--clients 4] [--reads 20000] [--warmup-reads 100000] [--traced] [--allocations ingest|hits]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var batches = Option(args, "--batches", 200);
        var warmupBatches = Option(args, "--warmup", 300);
        var users = Option(args, "--users", 10_000);
        var clients = Option(args, "--clients", 4);
        var reads = Option(args, "--reads", 20_000);
        var warmupReads = Option(args, "--warmup-reads", 100_000);
        var sampledPhase = Array.IndexOf(args, "--allocations") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        using var allocations = sampledPhase is null ? null : new AllocationSampler();

        var traced = args.Contains("--traced");
        // The benchmark's HTTP client stands for callers in other processes: its own client spans are not the host's cost.
        if (traced) AppContext.SetSwitch("System.Net.Http.EnableActivityPropagation", false);
        using var applied = new AppliedEventCounter();
        var dataDirectory = Directory.CreateTempSubdirectory("openmrs-bench-system-").FullName;
        await using var app = AllInOneApp.Build([], new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Demo:Enabled"] = "false",
            ["OpenMrs:DataDirectory"] = dataDirectory,
            ["Training:PublishInterval"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
            ["OpenMrs:Telemetry:Tracing"] = traced ? "On" : "Auto",
        }, contentRoot: dataDirectory, customize: traced
            ? builder => builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new DiscardingSpanProcessor()))
            : null);
        await app.StartAsync(cancellationToken);
        var baseAddress = ServerAddresses.Loopback(app.Services.GetRequiredService<IServer>());
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };

        Console.WriteLine($"host at {baseAddress}; {warmupBatches} batches from cold, then {batches} measured, {BatchSize} events each, {clients} clients");
        var generator = new ListenGenerator(users, seed: 1);
        // From a fresh process the JIT is still compiling and tiering up; that phase is reported on its own.
        var cold = await MeasureIngestAsync(http, generator.Batches(warmupBatches, BatchSize).ToList(), clients, applied, null, cancellationToken);
        Console.WriteLine($"measuring: cold phase ran at {cold.EndToEndEventsPerSecond} events/s end to end");
        var warm = await MeasureIngestAsync(http, generator.Batches(batches, BatchSize).ToList(), clients, applied,
            sampledPhase == "ingest" ? allocations : null, cancellationToken);

        await WaitForModelAsync(http, cancellationToken);
        Console.WriteLine($"reading {reads} lists at concurrency {ReadConcurrency}");
        // Half the users warm the read path up (misses, then hits, until the JIT has tiered it up); the other half are
        // measured, first as misses, then as hits.
        var warmupUsers = Enumerable.Range(users / 2, users - users / 2).Select(ListenGenerator.UserId).ToArray();
        var readUsers = Enumerable.Range(0, Math.Min(reads, users / 2)).Select(ListenGenerator.UserId).ToArray();
        await MeasureReadsAsync(http, warmupUsers, warmupReads, cancellationToken);
        var misses = await MeasureReadsAsync(http, readUsers, readUsers.Length, cancellationToken);
        var hits = await MeasureReadsAsync(http, readUsers, reads, cancellationToken, sampledPhase == "hits" ? allocations : null);
        foreach (var (type, share) in allocations?.Top(30) ?? []) Console.WriteLine($"  {share,6:P1}  {type}");

        var bootstrap = app.Services.GetRequiredService<KafkaEndpoint>().BootstrapServers;
        Console.WriteLine("raw Kafka produce and Redis GET");
        var rawListen = WireFormat.Serialize(new ListenEvent("bench-raw-00000000", "user-000000", "track-00000", DateTimeOffset.UtcNow, ListenKind.Play, 180_000));
        var kafkaRate = await KafkaRawRate.MeasureProduceAsync(bootstrap, "bench-raw", RawKafkaMessages, _ => rawListen);
        var redis = await RedisRawRate.MeasureGetAsync(ReadConcurrency, TimeSpan.FromSeconds(3), cancellationToken);
        await app.StopAsync(cancellationToken);

        BenchmarkResults.Write(traced ? "system-traced" : "system", new
        {
            spans = traced ? "every span recorded (always-on sampler), then discarded" : "not recorded (no exporter configured)",
            ingest = new
            {
                batchSize = BatchSize,
                clients,
                users,
                targetEventsPerSecond = 20_000,
                warm = warm with { RatioToRawKafkaProduce = Math.Round(warm.EndToEndEventsPerSecond / kafkaRate, 3) },
                fromColdStart = cold,
            },
            reads = new
            {
                concurrency = ReadConcurrency,
                cacheMiss = misses,
                cacheHit = hits,
                targetCachedP99Ms = 5.0,
                cachedP99ToRedisGetP99 = Math.Round(hits.P99Ms / redis.P99Ms, 2),
                cachedRateToRedisGetRate = Math.Round(hits.RequestsPerSecond / redis.GetsPerSecond, 3),
            },
            rawKafka = new { messages = RawKafkaMessages, producePerSecond = Math.Round(kafkaRate), acks = "all", idempotent = true },
            rawRedis = redis,
            loadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown",
        });
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        return 0;
    }

    /// <summary>Posts <paramref name="bodies"/> and waits until the grains applied every event.</summary>
    private static async Task<IngestFigures> MeasureIngestAsync(
        HttpClient http, List<byte[]> bodies, int clients, AppliedEventCounter applied, AllocationSampler? allocations, CancellationToken cancellationToken)
    {
        var events = (long)bodies.Count * BatchSize;
        var target = applied.Total + events;
        allocations?.Start();
        var runtime = RuntimeCounters.Take();
        var clock = Stopwatch.StartNew();
        var refusals = await PostAllAsync(http, bodies, clients, cancellationToken);
        var acceptedSeconds = clock.Elapsed.TotalSeconds;
        var allApplied = await applied.WaitForAsync(target, TimeSpan.FromMinutes(5), cancellationToken);
        var endToEndSeconds = clock.Elapsed.TotalSeconds;
        var cost = RuntimeCounters.Take().Since(runtime, events, endToEndSeconds);
        allocations?.Stop();
        return new IngestFigures(events, allApplied, refusals, Math.Round(events / acceptedSeconds), Math.Round(events / endToEndSeconds),
            Math.Round(endToEndSeconds, 2), null, cost);
    }

    /// <summary>Posts every body from <paramref name="clients"/> concurrent clients; a 503 is resent after its Retry-After, as a client does.</summary>
    /// <returns>How many posts were refused and resent.</returns>
    private static async Task<int> PostAllAsync(HttpClient http, IEnumerable<byte[]> bodies, int clients, CancellationToken cancellationToken)
    {
        var queue = new Queue<byte[]>(bodies);
        var refusals = 0;
        async Task ClientAsync()
        {
            while (true)
            {
                byte[] body;
                lock (queue) { if (!queue.TryDequeue(out body!)) return; }
                while (true)
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var response = await http.PostAsync("/v1/listens", content, cancellationToken);
                    if ((int)response.StatusCode == 202) break;
                    var problem = await response.Content.ReadAsStringAsync(cancellationToken);
                    if ((int)response.StatusCode != 503) throw new InvalidOperationException($"ingest answered {(int)response.StatusCode}: {problem}");
                    if (problem.Contains("pipeline is behind", StringComparison.Ordinal)) Interlocked.Increment(ref refusals);
                    else Console.WriteLine($"warning: 503 from the broker side: {problem}");
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), cancellationToken);
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => ClientAsync()));
        return refusals;
    }

    private static async Task WaitForModelAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await http.GetAsync("/v1/models/current", cancellationToken);
            if (response.IsSuccessStatusCode) return;
            await Task.Delay(200, cancellationToken);
        }
        Console.WriteLine("warning: no model published within a minute; lists are empty");
    }

    private static async Task<ReadFigures> MeasureReadsAsync(
        HttpClient http, string[] userIds, int requests, CancellationToken cancellationToken, AllocationSampler? allocations = null)
    {
        allocations?.Start();
        var latencies = new double[requests];
        var next = -1;
        var runtime = RuntimeCounters.Take();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, ReadConcurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync($"/v1/users/{userIds[i % userIds.Length]}/recommendations?count=10", HttpCompletionOption.ResponseContentRead, cancellationToken);
                response.EnsureSuccessStatusCode();
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        var cost = RuntimeCounters.Take().Since(runtime, requests, seconds);
        allocations?.Stop();
        Array.Sort(latencies);
        return new ReadFigures(requests, Math.Round(requests / seconds), Latency.Percentile(latencies, 0.50), Latency.Percentile(latencies, 0.99),
            Latency.Percentile(latencies, 0.999), cost);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
    }
}
