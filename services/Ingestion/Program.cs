using OpenMrs.Ingestion;
using OpenMrs.Ingestion.Endpoints;
using OpenMrs.Messaging;
using OpenMrs.ServiceDefaults;
using OpenMrs.ServiceDefaults.Cli;

// The ingestion edge alone: Kafka from Kafka:BootstrapServers (empty = embedded), eventId dedup in Redis when
// Redis:ConnectionString is set. `--help` prints the usage. See README.md.
return await new EntryPoint
{
    Project = "services/Ingestion",
    Summary = "Ingestion: the HTTP edge that validates listen events and catalog upserts, drops repeated event ids and publishes to Kafka.",
    Service = new ServiceMode("POST /v1/listens and /v1/tracks, answered after Kafka acknowledged every event", args => ServiceHost.RunAsync(args,
        builder =>
        {
            builder.Services.AddKafkaMessaging(builder.Configuration);
            builder.AddIngestionService();
        },
        app =>
        {
            app.MapOpenApi();
            app.MapIngestionEndpoints();
        }))
    {
        Options = [CommonOptions.Urls, CommonOptions.Kafka, CommonOptions.Redis, new("--Ingestion:MaxBatchSize=N", "most items in one request (1000)")],
    },
}.RunMainAsync(args);
