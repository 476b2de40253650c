using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenMrs.Messaging.Configuration;

namespace OpenMrs.Messaging.Tests.Support;

/// <summary>A real generic host wired the way services wire the bus, pointed at a test cluster.</summary>
public static class MessagingHost
{
    public static IHost Build(string bootstrapServers, Action<IServiceCollection>? configure = null, Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Kafka:ClientId"] = "messaging-tests",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        if (Environment.GetEnvironmentVariable("OPENMRS_TEST_LOGS") == "1") builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ");
        builder.Services.AddKafkaMessaging(builder.Configuration);
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>Adds a consumer whose handler is this very instance.</summary>
    public static IServiceCollection AddCollectingConsumer<T>(
        this IServiceCollection services, string topic, string groupId, CollectingHandler<T> handler, EventConsumerOptions? options = null)
    {
        services.AddSingleton(handler);
        return services.AddEventConsumer<T, CollectingHandler<T>>(topic, groupId, options);
    }

    /// <summary>Adds a batch consumer whose handler is this very instance.</summary>
    public static IServiceCollection AddCollectingBatchConsumer<T>(
        this IServiceCollection services, string topic, string groupId, CollectingBatchHandler<T> handler, EventConsumerOptions? options = null)
    {
        services.AddSingleton(handler);
        return services.AddEventBatchConsumer<T, CollectingBatchHandler<T>>(topic, groupId, options);
    }

    public static async Task<IHost> StartedAsync(this IHost host)
    {
        await host.StartAsync(CancellationToken.None);
        return host;
    }
}
