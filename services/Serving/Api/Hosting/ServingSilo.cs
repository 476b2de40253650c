using System.Net;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using OpenMrs.Serving.Grains.Users;
using StackExchange.Redis;

namespace OpenMrs.Serving.Hosting;

/// <summary>Configures the Serving silo from <see cref="OrleansHostingOptions"/>: clustering, grain storage, tracing.</summary>
public static class ServingSilo
{
    public static void Configure(ISiloBuilder silo, OrleansHostingOptions options)
    {
        if (options.UsesRedis)
        {
            if (string.IsNullOrWhiteSpace(options.RedisConnectionString))
                throw new InvalidOperationException("Orleans:Clustering=Redis needs Orleans:RedisConnectionString");
            var redis = ConfigurationOptions.Parse(options.RedisConnectionString);
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            silo.ConfigureEndpoints(IPAddress.Parse(options.AdvertisedAddress), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
            silo.UseRedisClustering(clustering => clustering.ConfigurationOptions = redis);
            silo.AddRedisGrainStorage(UserStateStorage.ProviderName, storage => storage.ConfigurationOptions = redis);
        }
        else
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
            silo.ConfigureEndpoints(IPAddress.Loopback, options.SiloPort, options.GatewayPort);
            // Orleans' binary serializer, not the JSON default: at ingest rates the JSON writes cost more than the grain calls.
            silo.AddMemoryGrainStorage(UserStateStorage.ProviderName, storage => storage.Configure<Serializer>(
                (options, serializer) => options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer)));
        }
        // Carries W3C trace context on grain calls: HTTP → grain and Kafka consumer → grain stay one trace.
        silo.AddActivityPropagation();
    }
}
