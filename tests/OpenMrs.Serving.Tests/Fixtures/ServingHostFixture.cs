using OpenMrs.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenMrs.Messaging;
using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.ServiceDefaults;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Hosting;
using OpenMrs.Testing.Redis;

namespace OpenMrs.Serving.Tests.Fixtures;

/// <summary>
/// One real Serving host for the whole test collection: the Orleans silo (localhost clustering, memory grain
/// storage), the embedded Kafka cluster with both consumers, a real redis-server as the ranked-list cache, a
/// temporary model store, and the HTTP API on a test server.
/// </summary>
public class ServingHostFixture : IAsyncLifetime
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly string _modelStorePath = Path.Combine(Path.GetTempPath(), "openmrs-serving-tests-" + Guid.NewGuid().ToString("N"));

    public ServingHostFixture() : this(new Dictionary<string, string?>()) { }

    /// <param name="settings">Configuration on top of the fixture's own, e.g. <c>Serving:RankingConcurrency</c>.</param>
    protected ServingHostFixture(IReadOnlyDictionary<string, string?> settings) => _settings = settings;

    public RedisServerFixture Redis { get; } = new();
    public WebApplication App { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => App.Services;
    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();
    public IModelStore ModelStore => Services.GetRequiredService<IModelStore>();
    public ICurrentModel CurrentModel => Services.GetRequiredService<ICurrentModel>();
    public IEventPublisher Publisher => Services.GetRequiredService<IEventPublisher>();

    public async Task InitializeAsync()
    {
        var orleansPorts = LoopbackPorts.Reserve(2);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelStore:Path"] = _modelStorePath,
            ["Redis:ConnectionString"] = Redis.ConnectionString,
            ["Orleans:SiloPort"] = orleansPorts[0].ToString(),
            ["Orleans:GatewayPort"] = orleansPorts[1].ToString(),
            ["Kafka:BootstrapServers"] = "embedded",
            ["Serving:CacheTtl"] = "00:10:00",
            ["Serving:StateWriteAfterEvents"] = "5",
            ["Serving:StateWriteDelay"] = "00:00:01",
            ["Serving:ArtistCap"] = "0",
        });
        builder.Configuration.AddInMemoryCollection(_settings);
        builder.AddServiceDefaults();
        builder.AddServingService();

        App = builder.Build();
        App.MapDefaultEndpoints();
        App.MapServingEndpoints();
        await App.StartAsync();
        Http = App.GetTestClient();
    }

    /// <summary>Writes <paramref name="model"/> as a new version and makes it current, as an announcement would.</summary>
    public async Task<string> PublishModelAsync(PopularityModel model)
    {
        var manifest = await PopularityModelFile.PublishAsync(ModelStore, model, metrics: null, CancellationToken.None);
        Services.GetRequiredService<ModelLoader>().Load(manifest.Kind, manifest.Version);
        return manifest.Version;
    }

    /// <summary>Writes a trained model (WALS, item kNN, ...) as a new version and makes it current, as an announcement would.</summary>
    public async Task<string> PublishTrainedAsync(TrainedModel model)
    {
        var manifest = await TrainedModelFile.PublishAsync(ModelStore, model, metrics: null, provenance: null, CancellationToken.None);
        Services.GetRequiredService<ModelLoader>().Load(manifest.Kind, manifest.Version);
        return manifest.Version;
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        Redis.Dispose();
        try { Directory.Delete(_modelStorePath, recursive: true); } catch (IOException) { }
    }

}

[CollectionDefinition(Name)]
public sealed class ServingHostCollection : ICollectionFixture<ServingHostFixture>
{
    public const string Name = "serving host";
}

/// <summary>A second host of its own for the tests that publish personal models, so the popularity-only tests keep theirs.</summary>
[CollectionDefinition(Name)]
public sealed class PersonalServingHostCollection : ICollectionFixture<ServingHostFixture>
{
    public const string Name = "personal serving host";
}

/// <summary>A host of its own for playlist continuation, whose tests fill the descriptor store.</summary>
[CollectionDefinition(Name)]
public sealed class ContinuationServingHostCollection : ICollectionFixture<ServingHostFixture>
{
    public const string Name = "continuation serving host";
}
