using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenMrs.Contracts.Events;
using OpenMrs.Contracts.Wire;
using OpenMrs.Messaging;
using OpenMrs.Messaging.Configuration;
using OpenMrs.Messaging.Embedded;

namespace OpenMrs.Benchmarks;

/// <summary>
/// `--bench kafka-produce [--count N]`: rates of the embedded Kafka endpoint with production settings (acks=all,
/// idempotent): raw produce of 64-byte and ListenEvent-sized messages, <see cref="IEventPublisher"/> with concurrent
/// calls (what ingestion does), raw consume, and the hosted consumer end to end into a no-op handler.
/// </summary>
public sealed class KafkaProduceBenchmark : IBenchmark
{
    public string Name => "kafka-produce";

    public string Description => "embedded Kafka: raw produce (64 B, ~300 B) and consume msg/s; IEventPublisher and hosted consumer events/s";
    public string Options => "[--count 200000]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var count = ArgInt(args, "--count", 200_000);
        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 3);
        foreach (var topic in new[] { "raw-64", "raw-listen", "publisher", "publisher.dlq" }) cluster.CreateTopic(topic, topic.EndsWith(".dlq") ? 1 : 12);

        var listenPayload = WireFormat.Serialize(Listen(123_456));
        Console.WriteLine($"raw produce: {count} x 64 B");
        var raw64 = await KafkaRawRate.MeasureProduceAsync(cluster.BootstrapServers, "raw-64", count, 64);
        Console.WriteLine($"raw produce: {count} x {listenPayload.Length} B (serialized ListenEvent)");
        var rawListen = await KafkaRawRate.MeasureProduceAsync(cluster.BootstrapServers, "raw-listen", count, i => WireFormat.Serialize(Listen(i)));
        Console.WriteLine("raw consume");
        var rawConsume = await KafkaRawRate.MeasureConsumeAsync(cluster.BootstrapServers, "raw-listen", count);

        var publishCount = count / 2;
        using var host = BuildHost(cluster.BootstrapServers);
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        await publisher.PublishAsync("publisher", "warm-up", Listen(publishCount));
        Console.WriteLine($"IEventPublisher: {publishCount} events in concurrent batches of 1,000");
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < publishCount; start += 1_000)
        {
            var batch = Enumerable.Range(start, Math.Min(1_000, publishCount - start))
                .Select(i => publisher.PublishAsync("publisher", $"user-{i % 5_000}", Listen(i), cancellationToken));
            await Task.WhenAll(batch);
        }
        var publishRate = publishCount / clock.Elapsed.TotalSeconds;

        Console.WriteLine($"hosted consumer: {publishCount + 1} events into a no-op handler");
        var handler = new CountingHandler(publishCount + 1);
        using var consumerHost = BuildHost(cluster.BootstrapServers, services =>
        {
            services.AddSingleton(handler);
            services.AddEventConsumer<ListenEvent, CountingHandler>("publisher", "bench-" + Guid.NewGuid().ToString("N"));
        });
        clock.Restart();
        await consumerHost.StartAsync(cancellationToken);
        await handler.Done.WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
        var consumerRate = (publishCount + 1) / clock.Elapsed.TotalSeconds;
        await consumerHost.StopAsync(CancellationToken.None);

        BenchmarkResults.Write(Name, new
        {
            brokers = cluster.BrokerCount,
            partitions = 12,
            producer = new { acks = "all", idempotent = true, lingerMs = 5 },
            rawProduce64BytesPerSecond = Math.Round(raw64),
            rawProduceListenEventPerSecond = Math.Round(rawListen),
            listenEventBytes = listenPayload.Length,
            rawConsumePerSecond = Math.Round(rawConsume),
            publisherEventsPerSecond = Math.Round(publishRate),
            hostedConsumerEventsPerSecond = Math.Round(consumerRate),
            hostedConsumerIncludesGroupJoin = true,
            messages = count,
            publisherMessages = publishCount,
        });
        return 0;
    }

    private static IHost BuildHost(string bootstrapServers, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Kafka:BootstrapServers"] = bootstrapServers });
        builder.Services.AddLogging();
        builder.Services.AddKafkaMessaging(builder.Configuration);
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    private static ListenEvent Listen(int i) =>
        new($"{Guid.NewGuid()}", $"user-{i % 5_000}", $"spotify:track:{i % 100_000:D22}", DateTimeOffset.UnixEpoch.AddSeconds(1_700_000_000 + i),
            ListenKind.Play, 184_000, "playlist:37i9dQZF1DXcBWIGoYBM5M");

    private static int ArgInt(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
    }

    private sealed class CountingHandler(int expected) : IEventHandler<ListenEvent>
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _handled;

        public Task Done => _done.Task;

        public Task HandleAsync(ConsumedEvent<ListenEvent> message, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _handled) == expected) _done.TrySetResult();
            return Task.CompletedTask;
        }
    }
}
