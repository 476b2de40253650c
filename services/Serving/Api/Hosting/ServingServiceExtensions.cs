using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Messaging;
using OpenMrs.Serving.Endpoints;
using OpenMrs.Serving.Grains.Consumers;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Health;
using OpenMrs.ServiceDefaults.Http;

namespace OpenMrs.Serving.Hosting;

public static class ServingServiceExtensions
{
    /// <summary>The OpenAPI group of Serving's endpoints: <c>/openapi/serving.json</c>.</summary>
    public const string ApiGroup = "serving";

    /// <summary>
    /// The Serving service: the Orleans silo (see <see cref="ServingSilo"/>), the grains' services, the
    /// <c>listens</c> consumer (group <c>Serving:ListensConsumerGroup</c>, shared by all silos) and the <c>models</c>
    /// consumer (a group of its own per silo, so every silo loads every model), the cache health check and OpenAPI.
    /// </summary>
    public static IHostApplicationBuilder AddServingService(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        var orleans = configuration.GetSection(OrleansHostingOptions.Section).Get<OrleansHostingOptions>() ?? new OrleansHostingOptions();
        var serving = configuration.GetSection(ServingOptions.Section).Get<ServingOptions>() ?? new ServingOptions();

        builder.UseOrleans(silo => ServingSilo.Configure(silo, orleans));
        services.AddServingGrainServices(configuration);

        services.AddKafkaMessaging(configuration);
        services.AddEventBatchConsumer<ListenEvent, ListenRoutingHandler>(Topics.Listens, serving.ListensConsumerGroup);
        services.AddEventConsumer<ModelPublished, ModelAnnouncementHandler>(Topics.Models, $"serving-models-{Guid.NewGuid():N}");
        // Every silo keeps every track's embedding (a group of its own per silo), for audio neighbours and similar tracks.
        services.AddEventConsumer<TrackFeatures, TrackFeaturesHandler>(Topics.TrackFeatures, $"serving-features-{Guid.NewGuid():N}");
        services.AddEventConsumer<TrackUpsert, TrackCatalogHandler>(Topics.Tracks, $"serving-tracks-{Guid.NewGuid():N}");

        services.AddHealthChecks().AddCheck<ServingModelHealthCheck>(ServingModelHealthCheck.Name);
        if (!string.IsNullOrWhiteSpace(configuration[ServingGrainsServiceCollectionExtensions.RedisConnectionStringKey]))
            services.AddHealthChecks().AddCheck<RedisCacheHealthCheck>(RedisCacheHealthCheck.Name);
        services.AddApiDocument(ApiGroup);
        return builder;
    }

    /// <summary>Maps <c>/v1/users/{id}/recommendations</c>, <c>/v1/users/{id}</c>, <c>/v1/models/current</c>, <c>/v1/tracks/{id}/similar</c>, <c>/v1/playlists/continue</c> and the OpenAPI document.</summary>
    public static WebApplication MapServingEndpoints(this WebApplication app)
    {
        QueryBodyLimit.UseQueryBodyLimits(app);
        var api = app.MapGroup("").WithGroupName(ApiGroup);
        api.AddEndpointFilter<RankingCapacityFilter>();
        api.MapRecommendationEndpoints();
        api.MapUserEndpoints();
        api.MapModelEndpoints();
        api.MapTrackEndpoints();
        api.MapPlaylistEndpoints();
        app.MapOpenApi();
        return app;
    }
}
