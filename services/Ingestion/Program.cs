using OpenMrs.Ingestion;
using OpenMrs.Ingestion.Endpoints;
using OpenMrs.Messaging;
using OpenMrs.ServiceDefaults;

// The ingestion edge alone: Kafka from Kafka:BootstrapServers (empty = embedded), eventId dedup in Redis when
// Redis:ConnectionString is set. See README.md.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddKafkaMessaging(builder.Configuration);
builder.AddIngestionService();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapIngestionEndpoints();
app.Run();
