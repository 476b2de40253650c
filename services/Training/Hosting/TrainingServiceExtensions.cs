using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Messaging;
using OpenMrs.ModelStore.Hosting;
using OpenMrs.Training.Catalog;
using OpenMrs.Training.Consumers;
using OpenMrs.Training.Cycles;
using OpenMrs.Training.Interactions;
using OpenMrs.Training.Popularity;
using OpenMrs.Training.Publishing;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
            .Validate(o => o.HoldoutFraction is > 0 and < 1, "Training:HoldoutFraction must lie in (0, 1)")
            .Validate(o => o.RetrainAfterEvents >= 1 && o.RetrainInterval > TimeSpan.Zero && o.TrainCheckInterval > TimeSpan.Zero,
                "Training: RetrainAfterEvents, RetrainInterval and TrainCheckInterval must be positive")
            .Validate(o => o.InteractionWindow > TimeSpan.Zero && o.MaxInteractions >= 1 && o.MinEvaluationUsers >= 1 && o.MaxEvaluationUsers >= 1,
                "Training: the interaction window and limits must be positive")
            .Validate(o => o.GuardTolerance is >= 0 and < 1, "Training:GuardTolerance must lie in [0, 1)")
            .Validate(o => ValidWeights(o.Weights), "Training:Weights: plays, likes and saves must weigh more than zero, every weight finite")
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
        services.AddSingleton<TrackFeatureStore>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<TrainingOptions>>().Value;
            return new InteractionStore(o.InteractionWindow, o.MaxInteractions, o.DedupWindowPerPartition);
        });
        services.TryAddSingleton<ICandidateFitter, CatalogCandidateFitter>();
        services.AddSingleton<TrainingCycle>();
        services.AddHostedService<ModelTrainer>();
        services.AddSingleton<PopularityPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<PopularityPublisher>());

        services.AddKafkaMessaging(configuration);
        services.AddEventBatchConsumer<ListenEvent, ListenCountingHandler>(Topics.Listens, $"{options.ConsumerGroup}-{Topics.Listens}");
        // Every instance reads the whole stream in a group of its own: a personal model needs every user, and a restart
        // rebuilds the interaction store by replaying listens from the earliest retained offset (README, "Restarts").
        services.AddEventBatchConsumer<ListenEvent, InteractionRecordingHandler>(
            Topics.Listens, $"{options.ConsumerGroup}-interactions-{Guid.NewGuid():N}", new() { StartFromEarliest = true });
        services.AddEventConsumer<TrackUpsert, TrackCatalogHandler>(Topics.Tracks, $"{options.ConsumerGroup}-{Topics.Tracks}");
        services.AddEventConsumer<TrackFeatures, TrackFeaturesHandler>(Topics.TrackFeatures, $"{options.ConsumerGroup}-{Topics.TrackFeatures}");
        return builder;
    }

    /// <summary>Maps <c>GET /v1/training/status</c>.</summary>
    public static WebApplication MapTrainingEndpoints(this WebApplication app)
    {
        app.MapGet("/v1/training/status", (PopularityCounter counter, TrackCatalog catalog, PopularityPublisher publisher, InteractionStore interactions, TrainingCycle cycle) =>
                new TrainingStatus(counter.Version, counter.Duplicates, catalog.Count, publisher.LastPublishedVersion,
                    interactions.Version, interactions.Count, cycle.Cycles, cycle.LastCycleAt, cycle.Reports))
            .WithName("GetTrainingStatus")
            .WithSummary("Events counted, catalog size, the last popularity model, the interaction store and each personal model's last guard decision");
        return app;
    }

    /// <param name="PersonalModels">Per model kind, the last cycle's decision: published or refused, why, and both sides' held-out metrics.</param>
    public sealed record TrainingStatus(
        long EventsCounted, long DuplicatesIgnored, int CatalogTracks, string? LastPublishedPopularityVersion,
        long InteractionEvents, int Interactions, long TrainingCycles, DateTimeOffset? LastCycleAt, IReadOnlyList<CycleReport> PersonalModels);

    private static bool ValidWeights(OpenMrs.ModelStore.Formats.FeedbackWeights weights)
    {
        try
        {
            weights.Validated();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
