using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OpenMrs.AllInOne.Composition;
using OpenMrs.Contracts.Wire;

namespace OpenMrs.AllInOne.Demo;

/// <summary>
/// Once the host listens, generates the demo catalog and listeners and posts them through the real ingestion
/// endpoints over HTTP (validation, dedup, Kafka, consumers), then prints what to try.
/// </summary>
public sealed class DemoSeeder(
    IOptions<DemoOptions> options,
    IServer server,
    IHostApplicationLifetime lifetime,
    TryItBanner banner,
    ILogger<DemoSeeder> logger) : BackgroundService
{
    private const int BatchSize = 1_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await WaitForStartAsync(stoppingToken)) return;
        var baseAddress = LoopbackAddress();
        try
        {
            var demo = options.Value;
            var directory = demo.ResolveAudioDirectory();
            logger.LogInformation("Demo: generating {Tracks} tracks of audio in {Directory}", demo.Tracks, directory);
            var now = DateTimeOffset.UtcNow;
            var catalog = await Task.Run(() => DemoCatalog.Create(demo, directory, now, stoppingToken), stoppingToken);
            var listeners = DemoListeners.Create(catalog, demo, now);

            using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(1) };
            foreach (var chunk in catalog.Tracks.Select(t => t.Upsert).Chunk(BatchSize))
                await PostAsync(http, "/v1/tracks", new { tracks = chunk }, stoppingToken);
            var listens = listeners.SelectMany(l => l.Events).ToList();
            foreach (var chunk in listens.Chunk(BatchSize))
                await PostAsync(http, "/v1/listens", new { events = chunk }, stoppingToken);

            logger.LogInformation("Demo: seeded {Tracks} tracks and {Listens} listens from {Listeners} listeners",
                catalog.Tracks.Count, listens.Count, listeners.Count);
            banner.Print(baseAddress, listeners);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The demo is a convenience: the host stays up and serves whatever it holds.
            logger.LogError(ex, "Demo: seeding failed; the services keep running without the demo data");
            banner.Print(baseAddress, []);
        }
    }

    private static async Task PostAsync(HttpClient http, string path, object body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(path, body, WireFormat.Options, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    private async Task<bool> WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled());
        try { await started.Task; return true; }
        catch (TaskCanceledException) { return false; }
    }

    private Uri LoopbackAddress() => ServerAddresses.Loopback(server);
}
