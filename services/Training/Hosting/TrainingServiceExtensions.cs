using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Messaging;
using OpenMrs.ModelStore.Hosting;
using OpenMrs.Training.Catalog;
using OpenMrs.Training.Consumers;
using OpenMrs.Training.Popularity;
using OpenMrs.Training.Publishing;
using Microsoft.Extensions.Options;

namespace OpenMrs.Training.Hosting;

public static class TrainingServiceExtensions
{
    /// <summary>
    /// The Training service's streaming part: the <c>listens</c> and <c>tracks</c> consumers, the popularity counts
    /// and the publisher that writes a model version and announces it on <c>models</c>.
    /// </summary>
    public static IHostApplicationBuilder AddTrainingService(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<TrainingOptions>().Bind(configuration.GetSection(TrainingOptions.Section))
            .Validate(o => o.PublishInterval > TimeSpan.Zero, "Training:PublishInterval must be positive")
            .Validate(o => o.PopularityHalfLife > TimeSpan.Zero, "Training:PopularityHalfLife must be positive")
            .Validate(o => o.PopularityModelSize >= 1 && o.DedupWindowPerPartition >= 1, "Training: model size and dedup window must be at least 1")
            .ValidateOnStart();
        var options = configuration.GetSection(TrainingOptions.Section).Get<TrainingOptions>() ?? new TrainingOptions();

        services.AddMetrics();
        services.AddSingleton<TrainingMetrics>();
        services.AddModelStore(configuration);
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<TrainingOptions>>().Value;
            return new PopularityCounter(o.PopularityHalfLife, o.DedupWindowPerPartition);
        });
        services.AddSingleton<TrackCatalog>();
        services.AddSingleton<PopularityPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<PopularityPublisher>());

        services.AddKafkaMessaging(configuration);
        services.AddEventBatchConsumer<ListenEvent, ListenCountingHandler>(Topics.Listens, $"{options.ConsumerGroup}-{Topics.Listens}");
        services.AddEventConsumer<TrackUpsert, TrackCatalogHandler>(Topics.Tracks, $"{options.ConsumerGroup}-{Topics.Tracks}");
        return builder;
    }

    /// <summary>Maps <c>GET /v1/training/status</c>.</summary>
    public static WebApplication MapTrainingEndpoints(this WebApplication app)
    {
        app.MapGet("/v1/training/status", (PopularityCounter counter, TrackCatalog catalog, PopularityPublisher publisher) =>
                new TrainingStatus(counter.Version, counter.Duplicates, catalog.Count, publisher.LastPublishedVersion))
            .WithName("GetTrainingStatus")
            .WithSummary("Events counted, duplicates ignored, catalog size and the last published popularity model");
        return app;
    }

    public sealed record TrainingStatus(long EventsCounted, long DuplicatesIgnored, int CatalogTracks, string? LastPublishedPopularityVersion);
}
