using OpenMrs.Features.Cli;
using OpenMrs.Features.Hosting;
using OpenMrs.ServiceDefaults;
using OpenMrs.ServiceDefaults.Cli;

// The feature service, or `extract FILE…` once from the command line. `--help` prints the usage. See README.md.
return await new EntryPoint
{
    Project = "services/Features",
    Summary = "Features: audio decoding, descriptors and CNN embeddings of catalog tracks.",
    Service = new ServiceMode("consumes tracks; decodes each audioUri and publishes descriptors and the embedding on track-features", Serve)
    {
        Options = [CommonOptions.Urls, CommonOptions.Kafka, CommonOptions.ModelStore, new("--Features:ModelPath=FILE", "CNN weights; empty = newest audio-cnn model in the store, else seeded random")],
    },
    Verbs = [ExtractCommand.Verb(Console.Out, Console.Error)],
}.RunMainAsync(args);

static async Task<int> Serve(string[] args)
{
    var builder = ServiceHost.CreateBuilder(args);
    builder.AddServiceDefaults();
    builder.AddFeaturesService();

    var app = builder.Build();
    app.MapDefaultEndpoints();
    await app.RunAsync();
    return 0;
}
