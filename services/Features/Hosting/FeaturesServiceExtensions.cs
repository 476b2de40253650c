using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Features.Batching;
using OpenMrs.Features.Configuration;
using OpenMrs.Features.Embedding;
using OpenMrs.Features.Fetching;
using OpenMrs.Features.Handling;
using OpenMrs.Features.Telemetry;
using OpenMrs.Features.Training;
using OpenMrs.Messaging;
using OpenMrs.Messaging.Configuration;
using OpenMrs.ModelStore.Hosting;

namespace OpenMrs.Features.Hosting;

public static class FeaturesServiceExtensions
{
    /// <summary>
    /// The Features service: a consumer of <c>tracks</c> that publishes <c>track-features</c>, with its batcher,
    /// fetcher, metrics and CNN. Binds the <c>Features</c> section; adds Kafka messaging and the model store if
    /// the host has not already.
    /// </summary>
    public static IHostApplicationBuilder AddFeaturesService(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(FeaturesOptions.SectionName).Get<FeaturesOptions>() ?? new FeaturesOptions();
        options.Validate();
        var services = builder.Services;
        services.AddOptions<FeaturesOptions>().Bind(builder.Configuration.GetSection(FeaturesOptions.SectionName));

        services.AddKafkaMessaging(builder.Configuration);
        services.AddModelStore(builder.Configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<FeaturesMetrics>();
        services.TryAddSingleton<FeatureExtractorProvider>();
        services.TryAddSingleton<TrackFeaturePipeline>();
        services.TryAddSingleton<KnownTracks>();
        services.TryAddSingleton<TrackUpsertHandler>();
        services.TryAddSingleton<CatalogueReembedder>();
        services.TryAddSingleton<AudioModelStatus>();
        services.AddHealthChecks().AddCheck<AudioModelStatus>(AudioModelStatus.HealthCheckName);
        services.TryAddSingleton<PeriodicCnnTraining>();
        if (options.TrainIntervalMinutes > 0) services.AddHostedService(provider => provider.GetRequiredService<PeriodicCnnTraining>());
        // One policy per host: the fetcher's path and host checks and its HTTP handler's address checks.
        services.TryAddSingleton(provider => new AudioSourcePolicy(provider.GetRequiredService<IOptions<FeaturesOptions>>().Value.AudioSources));
        services.AddAudioFetcher();

        services.TryAddSingleton<ExtractionBatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<ExtractionBatcher>());

        services.AddEventConsumer<TrackUpsert, TrackUpsertHandler>(options.InputTopic, options.ConsumerGroup, new EventConsumerOptions
        {
            // Enough tracks in flight to fill CNN batches while others decode.
            MaxDegreeOfParallelism = Math.Max(options.MaxBatchSize * 2, options.MaxConcurrentDecodes),
            MaxBatchSize = Math.Max(options.MaxBatchSize * 4, 16),
        });
        // Every instance hears every announcement (a group of its own) and loads newer CNN weights.
        services.AddEventConsumer<ModelPublished, AudioModelAnnouncementHandler>(Topics.Models, $"{options.ConsumerGroup}-models-{Guid.NewGuid():N}");
        return builder;
    }
}
