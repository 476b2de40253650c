using OpenMrs.ServiceDefaults;
using OpenMrs.ServiceDefaults.Cli;
using OpenMrs.Serving.Hosting;

// The Orleans silo with the HTTP API. `--help` prints the usage. See ../README.md.
return await new EntryPoint
{
    Project = "services/Serving/Api",
    Summary = "Serving: an Orleans silo (one UserGrain per user) answering ranked lists over HTTP from the current model.",
    Service = new ServiceMode("consumes listens and models; GET /v1/users/{id}/recommendations, /v1/users/{id}, /v1/models/current",
        args => ServiceHost.RunAsync(args, builder => builder.AddServingService(), app => app.MapServingEndpoints()))
    {
        Options =
        [
            CommonOptions.Urls, CommonOptions.Kafka, CommonOptions.Redis, CommonOptions.ModelStore,
            new("--Orleans:Clustering=Localhost|Redis", "silo clustering and grain storage (Redis: --Orleans:RedisConnectionString)"),
        ],
    },
}.RunMainAsync(args);
