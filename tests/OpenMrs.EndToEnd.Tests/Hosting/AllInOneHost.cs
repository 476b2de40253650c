using OpenMrs.Testing;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenMrs.AllInOne.Composition;
using OpenMrs.Messaging.Configuration;
using OpenMrs.Messaging.Embedded;
using OpenTelemetry.Trace;
using Orleans;

namespace OpenMrs.EndToEnd.Tests.Hosting;

/// <summary>
/// The all-in-one host, composed exactly as <c>services/AllInOne</c> composes it, listening on a free loopback
/// port with the embedded Kafka, a loopback Orleans silo, and every span captured by the in-memory exporter.
/// </summary>
public sealed class AllInOneHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private AllInOneHost(WebApplication app, string dataDirectory, SpanCollector spans)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        Spans = spans;
        BaseAddress = ServerAddresses.Loopback(app.Services.GetRequiredService<IServer>());
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;
    public SpanCollector Spans { get; }

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>The embedded cluster, for fault injection.</summary>
    public EmbeddedKafkaCluster Kafka => Services.GetRequiredService<KafkaEndpoint>().EmbeddedCluster
        ?? throw new InvalidOperationException("the host does not run the embedded Kafka cluster");

    /// <param name="settings">Configuration on top of the test defaults (no demo, embedded Kafka, fast model publishing).</param>
    /// <param name="services">Services a test adds to the host (an extra consumer, say).</param>
    public static async Task<AllInOneHost> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var orleansPorts = LoopbackPorts.Reserve(2);
        var dataDirectory = Path.Combine(Path.GetTempPath(), "openmrs-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        var defaults = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Demo:Enabled"] = "false",
            ["Kafka:BootstrapServers"] = "",
            ["Redis:ConnectionString"] = "",
            ["OpenMrs:DataDirectory"] = dataDirectory,
            ["Orleans:SiloPort"] = orleansPorts[0].ToString(),
            ["Orleans:GatewayPort"] = orleansPorts[1].ToString(),
            ["Orleans:ServiceId"] = "openmrs-e2e-" + Guid.NewGuid().ToString("N")[..8],
            ["Training:PublishInterval"] = "00:00:00.500",
            ["Logging:LogLevel:Default"] = "Warning",
            // Spans go to the in-memory exporter added below, which the automatic mode does not know of.
            ["OpenMrs:Telemetry:Tracing"] = "On",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) defaults[key] = value;
        Directory.CreateDirectory(dataDirectory);
        var spans = new SpanCollector();
        var app = AllInOneApp.Build([], defaults, contentRoot: dataDirectory,
            customize: builder =>
            {
                builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
                services?.Invoke(builder.Services);
            });
        await app.StartAsync();
        return new AllInOneHost(app, dataDirectory, spans);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10))) await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

}
