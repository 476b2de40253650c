using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenMrs.Contracts.Events;
using OpenMrs.Ingestion.Deduplication;
using OpenMrs.Ingestion.Publishing;
using OpenMrs.Ingestion.Telemetry;
using OpenMrs.Ingestion.Validation;
using OpenMrs.Ingestion.Endpoints;
using OpenMrs.ServiceDefaults.Http;

namespace OpenMrs.Ingestion;

/// <summary>
/// Registers the ingestion edge. It needs an <see cref="OpenMrs.Messaging.IEventPublisher"/> from the messaging
/// setup of the host. With <c>Redis:ConnectionString</c> set, eventIds are de-duplicated in Redis, shared by every
/// instance; otherwise in a bounded in-memory window.
/// </summary>
public static class IngestionServiceExtensions
{
    public const string RedisConnectionStringKey = "Redis:ConnectionString";

    public static IHostApplicationBuilder AddIngestionService(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<IngestionOptions>().Bind(builder.Configuration.GetSection(IngestionOptions.Section))
            .Validate(o => o.MaxBatchSize > 0 && o.MaxBodyBytes > 0, "Ingestion:MaxBatchSize and Ingestion:MaxBodyBytes must be positive")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IngestionMetrics>();

        services.AddSingleton<IBatchItemValidator<ListenEvent>, ListenEventValidator>();
        services.AddSingleton<IBatchItemValidator<TrackUpsert>, TrackUpsertValidator>();
        services.AddSingleton(typeof(BatchParser<>));

        services.AddSingleton<AcknowledgedBatchPublisher>();
        services.AddSingleton<ListenIngestor>();
        services.AddSingleton<TrackIngestor>();

        var redis = builder.Configuration[RedisConnectionStringKey];
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<IEventDeduplicator, InMemoryEventDeduplicator>();
        }
        else
        {
            services.AddSingleton(_ => new RedisDeduplicationConnection(redis));
            services.AddSingleton<IEventDeduplicator, RedisEventDeduplicator>();
            services.AddHealthChecks().AddCheck<RedisDeduplicationHealthCheck>("ingestion-dedup-redis");
        }

        services.AddApiDocument(IngestionEndpoints.ApiGroup);
        return builder;
    }
}
