using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenMrs.ModelStore.Store;

namespace OpenMrs.Serving.Grains.Models;

/// <summary>At start-up, serves the newest model already in the store, before any announcement arrives.</summary>
public sealed class LatestModelStartupLoader(ModelLoader loader, ILogger<LatestModelStartupLoader> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!loader.LoadLatest()) logger.LogInformation("No model in the store yet; serving empty lists until one is published");
        }
        catch (ModelStoreException ex)
        {
            // A bad latest version must not keep the silo down: the next announcement replaces it.
            logger.LogError(ex, "Could not load the latest model at start-up");
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
