using OpenMrs.ServiceDefaults;
using OpenMrs.ServiceDefaults.Cli;
using OpenMrs.Training.Cli;
using OpenMrs.Training.Hosting;
using Spectre.Console;

// The streaming popularity service, or an offline command (Cli/). `--help` prints the usage. See README.md.
return await new EntryPoint
{
    Project = "services/Training",
    Summary = "Training: streaming popularity model publishing, and the offline model evaluation.",
    Service = new ServiceMode("consumes listens and tracks; publishes a popularity model version to the model store and announces it on models", Serve)
    {
        Options = [CommonOptions.Urls, CommonOptions.Kafka, CommonOptions.ModelStore, new("--Training:PublishInterval=00:00:10", "how often a changed model is published")],
    },
    Verbs = TrainingCli.Verbs(AnsiConsole.Console, Console.Error),
}.RunMainAsync(args);

static async Task<int> Serve(string[] args)
{
    var builder = ServiceHost.CreateBuilder(args);
    builder.AddServiceDefaults();
    builder.AddTrainingService();

    var app = builder.Build();
    app.MapDefaultEndpoints();
    app.MapTrainingEndpoints();
    await app.RunAsync();
    return 0;
}
