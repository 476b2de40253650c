using OpenMrs.AllInOne.Demo;
using OpenMrs.Features.Configuration;
using OpenMrs.Features.Hosting;
using OpenMrs.Ingestion;
using OpenMrs.Ingestion.Endpoints;
using OpenMrs.Messaging;
using OpenMrs.ServiceDefaults;
using OpenMrs.ServiceDefaults.Telemetry;
using OpenMrs.Serving.Hosting;
using OpenMrs.Training.Hosting;

namespace OpenMrs.AllInOne.Composition;

/// <summary>
/// All four services in one WebApplication on embedded defaults: Kafka in process unless
/// <c>Kafka:BootstrapServers</c> is set, a loopback Orleans silo, the in-process cache unless
/// <c>Redis:ConnectionString</c> is set, a local model store; one service name in telemetry.
/// </summary>
public static class AllInOneComposition
{
    public const string ServiceName = "openmrs-allinone";

    public static WebApplicationBuilder AddAllInOne(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddInMemoryCollection(EmbeddedDefaults.For(builder.Configuration));
        if (string.IsNullOrWhiteSpace(builder.Configuration[ServiceIdentity.ServiceNameKey]))
            builder.Configuration[ServiceIdentity.ServiceNameKey] = ServiceName;

        builder.AddServiceDefaults();
        builder.Services.AddKafkaMessaging(builder.Configuration);
        builder.AddIngestionService();
        builder.AddServingService();
        builder.AddTrainingService();
        builder.AddFeaturesService();

        builder.Services.AddOptions<DemoOptions>().Bind(builder.Configuration.GetSection(DemoOptions.Section));
        builder.Services.AddSingleton<TryItBanner>();
        if (builder.Configuration.GetValue($"{DemoOptions.Section}:Enabled", true))
        {
            builder.Services.AddHostedService<DemoSeeder>();
            // The demo's generated audio is the one local folder this process reads without being told.
            builder.Services.PostConfigure<FeaturesOptions>(features => features.AudioSources.LocalRoots.Add(
                (builder.Configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions()).ResolveAudioDirectory()));
        }
        return builder;
    }

    public static WebApplication MapAllInOne(this WebApplication app)
    {
        app.MapDefaultEndpoints();
        app.MapIngestionEndpoints();
        // Also maps /openapi/{document}.json for every document (v1: ingestion, serving).
        app.MapServingEndpoints();
        app.MapTrainingEndpoints();
        OpenMrs.Features.Embedding.AudioModelStatus.Map(app);
        return app;
    }
}
