using Microsoft.Extensions.Options;
using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Messaging;
using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Training.Catalog;
using OpenMrs.Training.Hosting;
using OpenMrs.Training.Popularity;

namespace OpenMrs.Training.Publishing;

/// <summary>
/// Every <see cref="TrainingOptions.PublishInterval"/>, when the counts changed, writes a new popularity model
/// version to the model store and announces it on <c>models</c> (keyed by model kind).
/// </summary>
public sealed class PopularityPublisher(
    PopularityCounter counter,
    TrackCatalog catalog,
    IModelStore store,
    IEventPublisher publisher,
    TrainingMetrics metrics,
    IOptions<TrainingOptions> options,
    ILogger<PopularityPublisher> logger) : BackgroundService
{
    private long _publishedCounterVersion;

    public string? LastPublishedVersion { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PublishInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PublishIfChangedAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                metrics.PublishFailures.Add(1);
                logger.LogError(ex, "Publishing the popularity model failed; retrying next interval");
            }
        }
    }

    /// <returns>The announcement, or null when nothing changed since the last publication.</returns>
    public async Task<ModelPublished?> PublishIfChangedAsync(CancellationToken cancellationToken)
    {
        var counterVersion = counter.Version;
        if (counterVersion == _publishedCounterVersion) return null;

        var model = PopularityModelBuilder.Build(counter.Snapshot(), catalog, options.Value.PopularityModelSize);
        var metricsOfModel = new Dictionary<string, double>
        {
            ["tracks"] = model.Count,
            ["eventsCounted"] = counterVersion,
            ["catalogTracks"] = catalog.Count,
        };
        var manifest = await PopularityModelFile.PublishAsync(store, model, metricsOfModel, cancellationToken);
        var announcement = new ModelPublished(manifest.Kind, manifest.Version, manifest.Location, manifest.CreatedAt, metricsOfModel);
        await publisher.PublishAsync(Topics.Models, manifest.Kind, announcement, cancellationToken);

        _publishedCounterVersion = counterVersion;
        LastPublishedVersion = manifest.Version;
        metrics.ModelsPublished.Add(1);
        logger.LogInformation("Published popularity model {Version} with {Tracks} tracks", manifest.Version, model.Count);
        return announcement;
    }
}
