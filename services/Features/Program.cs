using OpenMrs.Features.Cli;
using OpenMrs.Features.Hosting;
using OpenMrs.ServiceDefaults;

// `extract FILE… [--json]` runs the extractor once from the command line; anything else starts the service.
if (args.Length > 0 && args[0] == ExtractCommand.Name)
    return await ExtractCommand.RunAsync(args[1..], Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddFeaturesService();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
return 0;
