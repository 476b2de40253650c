using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using IServer = Microsoft.AspNetCore.Hosting.Server.IServer;
using ErrorCode = Confluent.Kafka.ErrorCode;
using Microsoft.Extensions.DependencyInjection;
using OpenMrs.AllInOne.Composition;
using OpenMrs.Contracts.Events;
using OpenMrs.Contracts.Wire;
using OpenMrs.Messaging.Configuration;
using OpenMrs.Testing.Redis;
using StackExchange.Redis;

namespace OpenMrs.Benchmarks.Benchmarks;

/// <summary>
/// The whole system in embedded mode: ingestion throughput from HTTP accept to grain applied, ranked-list read
/// latency (cache hits and misses) at concurrency 32, and the raw Kafka produce and Redis GET rates on the same
/// machine, so each figure is also a ratio to what the underlying part can do alone.
/// Options: --batches N (1,000 events each, default 100), --users N (10000), --clients N (4), --reads N (20000).
/// </summary>
public sealed class SystemBenchmark : IBenchmark
{
    private const int BatchSize = 1_000;
    private const int ReadConcurrency = 32;

    public string Name => "system";
    public string Description => "end to end: ingest events/s to grain applied, read p50/p99 (hit/miss), vs raw Kafka produce and Redis GET";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var batches = Option(args, "--batches", 100);
        var users = Option(args, "--users", 10_000);
        var clients = Option(args, "--clients", 4);
        var reads = Option(args, "--reads", 20_000);

        using var applied = new AppliedEventCounter();
        var dataDirectory = Directory.CreateTempSubdirectory("openmrs-bench-system-").FullName;
        await using var app = AllInOneApp.Build([], new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Demo:Enabled"] = "false",
            ["OpenMrs:DataDirectory"] = dataDirectory,
            ["Training:PublishInterval"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
        }, contentRoot: dataDirectory);
        await app.StartAsync(cancellationToken);
        var baseAddress = ServerAddresses.Loopback(app.Services.GetRequiredService<IServer>());
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };

        Console.WriteLine($"host at {baseAddress}; warming up");
        var generator = new ListenGenerator(users, seed: 1);
        await PostAllAsync(http, generator.Batches(3, BatchSize), clients, cancellationToken);
        await applied.WaitForAsync(3 * BatchSize, TimeSpan.FromMinutes(2), cancellationToken);

        Console.WriteLine($"ingesting {batches} batches of {BatchSize} with {clients} clients");
        var bodies = generator.Batches(batches, BatchSize).ToList();
        var before = applied.Total;
        var clock = Stopwatch.StartNew();
        await PostAllAsync(http, bodies, clients, cancellationToken);
        var acceptedSeconds = clock.Elapsed.TotalSeconds;
        var allApplied = await applied.WaitForAsync(before + (long)batches * BatchSize, TimeSpan.FromMinutes(5), cancellationToken);
        var endToEndSeconds = clock.Elapsed.TotalSeconds;
        var events = (long)batches * BatchSize;

        await WaitForModelAsync(http, cancellationToken);
        Console.WriteLine($"reading {reads} lists at concurrency {ReadConcurrency}");
        var readUsers = Enumerable.Range(0, Math.Min(reads, users)).Select(ListenGenerator.UserId).ToArray();
        var misses = await MeasureReadsAsync(http, readUsers, readUsers.Length, cancellationToken);
        var hits = await MeasureReadsAsync(http, readUsers, reads, cancellationToken);

        var bootstrap = app.Services.GetRequiredService<KafkaEndpoint>().BootstrapServers;
        Console.WriteLine("raw Kafka produce and Redis GET");
        var kafkaRate = RawKafkaProduceRate(bootstrap, 200_000);
        var redis = await RawRedisGetAsync(TimeSpan.FromSeconds(3), cancellationToken);
        await app.StopAsync(cancellationToken);

        var endToEndRate = events / endToEndSeconds;
        BenchmarkResults.Write("system", new
        {
            ingest = new
            {
                events,
                batchSize = BatchSize,
                clients,
                users,
                allApplied,
                acceptedEventsPerSecond = Math.Round(events / acceptedSeconds),
                endToEndEventsPerSecond = Math.Round(endToEndRate),
                endToEndSeconds = Math.Round(endToEndSeconds, 2),
                targetEventsPerSecond = 20_000,
                ratioToRawKafkaProduce = Math.Round(endToEndRate / kafkaRate, 3),
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
            rawKafka = new { messages = 200_000, producePerSecond = Math.Round(kafkaRate), acks = "all", idempotent = true },
            rawRedis = redis,
            loadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown",
        });
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        return 0;
    }

    private static async Task PostAllAsync(HttpClient http, IEnumerable<byte[]> bodies, int clients, CancellationToken cancellationToken)
    {
        var queue = new Queue<byte[]>(bodies);
        async Task ClientAsync()
        {
            while (true)
            {
                byte[] body;
                lock (queue) { if (!queue.TryDequeue(out body!)) return; }
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await http.PostAsync("/v1/listens", content, cancellationToken);
                if ((int)response.StatusCode != 202)
                    throw new InvalidOperationException($"ingest answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => ClientAsync()));
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

    private static async Task<ReadFigures> MeasureReadsAsync(HttpClient http, string[] userIds, int requests, CancellationToken cancellationToken)
    {
        var latencies = new double[requests];
        var next = -1;
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
        Array.Sort(latencies);
        return new ReadFigures(requests, Math.Round(requests / seconds), Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static double RawKafkaProduceRate(string bootstrapServers, int messages)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 5,
        };
        using var producer = new ProducerBuilder<string, byte[]>(config).Build();
        var value = WireFormat.Serialize(new ListenEvent("bench-raw-00000000", "user-000000", "track-00000", DateTimeOffset.UtcNow, ListenKind.Play, 180_000));
        var failed = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < messages; i++)
        {
            while (true)
            {
                try
                {
                    producer.Produce("bench-raw", new Message<string, byte[]> { Key = (i % 10_000).ToString(), Value = value },
                        report => { if (report.Error.IsError) Interlocked.Increment(ref failed); });
                    break;
                }
                catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(10));
                }
            }
        }
        producer.Flush(TimeSpan.FromMinutes(2));
        var rate = messages / clock.Elapsed.TotalSeconds;
        if (failed > 0) Console.WriteLine($"warning: {failed} raw produce reports failed");
        return rate;
    }

    private static async Task<RedisFigures> RawRedisGetAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        using var server = new RedisServerFixture();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var database = redis.GetDatabase();
        var payload = JsonSerializer.Serialize(Enumerable.Range(0, 10).Select(i => new { trackId = $"track-{i:D5}", score = 1.0 / (i + 1), reason = "popular right now" }));
        await database.StringSetAsync("bench:list", payload);

        var latencies = new List<double>[ReadConcurrency];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, ReadConcurrency).Select(async worker =>
        {
            var mine = latencies[worker] = new List<double>(100_000);
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                _ = (string?)await database.StringGetAsync("bench:list");
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new RedisFigures(ReadConcurrency, Math.Round(all.Length / seconds), Percentile(all, 0.50), Percentile(all, 0.99), Encoding.UTF8.GetByteCount(payload));
    }

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)], 3);

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
    }

    private sealed record ReadFigures(int Requests, double RequestsPerSecond, double P50Ms, double P99Ms);

    private sealed record RedisFigures(int Concurrency, double GetsPerSecond, double P50Ms, double P99Ms, int ValueBytes);

    /// <summary>Pre-serialised listen batches (so the client's JSON work is not measured), spread over many users and tracks.</summary>
    private sealed class ListenGenerator(int users, int seed)
    {
        private readonly Random _random = new(seed);
        private long _next;

        public static string UserId(int n) => $"bench-user-{n:D6}";

        public IEnumerable<byte[]> Batches(int count, int size)
        {
            var now = DateTimeOffset.UtcNow.AddMinutes(-5);
            for (var b = 0; b < count; b++)
            {
                var events = new ListenEvent[size];
                for (var i = 0; i < size; i++)
                {
                    var id = Interlocked.Increment(ref _next);
                    var kind = _random.NextDouble() < 0.9 ? ListenKind.Play : ListenKind.Skip;
                    events[i] = new ListenEvent($"bench-{seed}-{id:D9}", UserId(_random.Next(users)), $"bench-track-{Zipf():D5}", now, kind, 30_000);
                }
                yield return JsonSerializer.SerializeToUtf8Bytes(new { events }, WireFormat.Options);
            }
        }

        /// <summary>A skewed track choice over 5,000 tracks, as real listening is.</summary>
        private int Zipf() => (int)Math.Min(4_999, Math.Floor(Math.Pow(_random.NextDouble(), 3) * 5_000));
    }

    /// <summary>Sums <c>openmrs.serving.events.applied</c>: events folded into grain state, as the grains report them.</summary>
    private sealed class AppliedEventCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public AppliedEventCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "OpenMrs.Serving" && instrument.Name == "openmrs.serving.events.applied")
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public async Task<bool> WaitForAsync(long total, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var deadline = Stopwatch.StartNew();
            while (Total < total)
            {
                if (deadline.Elapsed > timeout)
                {
                    Console.WriteLine($"warning: only {Total} of {total} events applied after {timeout}");
                    return false;
                }
                await Task.Delay(5, cancellationToken);
            }
            return true;
        }

        public void Dispose() => _listener.Dispose();
    }
}
