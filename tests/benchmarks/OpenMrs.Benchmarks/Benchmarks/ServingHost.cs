using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using OpenMrs.Serving.Hosting;

namespace OpenMrs.Benchmarks.Benchmarks;

/// <summary>
/// The Serving service hosted in this process as deployed (in-process Orleans silo, embedded Kafka), on a temporary
/// model store, with the in-process ranked-list cache or a real redis-server.
/// </summary>
internal static class ServingHost
{
    /// <summary>Starts a host, lets <paramref name="measure"/> run against it, then stops it and deletes its model store.</summary>
    /// <param name="redis">The cache's Redis connection string, or null for the in-process cache.</param>
    /// <param name="settings">Extra configuration (e.g. <c>Serving:AnnAboveItems</c>).</param>
    public static async Task<T> RunAsync<T>(
        string? redis, IReadOnlyDictionary<string, string?>? settings, Func<WebApplication, Task<T>> measure, CancellationToken cancellationToken)
    {
        var storePath = Directory.CreateTempSubdirectory("openmrs-bench-serving-").FullName;
        var orleansPorts = OpenMrs.Testing.LoopbackPorts.Reserve(2);
        var builder = WebApplication.CreateBuilder();
        var configuration = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["ModelStore:Path"] = storePath,
            ["Redis:ConnectionString"] = redis,
            ["Orleans:SiloPort"] = orleansPorts[0].ToString(),
            ["Orleans:GatewayPort"] = orleansPorts[1].ToString(),
            ["Kafka:BootstrapServers"] = "embedded",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) configuration[key] = value;
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddServingService();
        await using var app = builder.Build();
        app.MapServingEndpoints();
        await app.StartAsync(cancellationToken);
        try
        {
            return await measure(app);
        }
        finally
        {
            await app.StopAsync(cancellationToken);
            Directory.Delete(storePath, recursive: true);
        }
    }
}
