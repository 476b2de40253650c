using OpenMrs.ServiceDefaults;
using OpenMrs.ServiceDefaults.Cli;
using OpenMrs.Training.Cli;
using OpenMrs.Training.Hosting;
using Spectre.Console;

// The streaming popularity service, or an offline command (Cli/). `--help` prints the usage. See README.md.
return await new EntryPoint
{
    Project = "services/Training",
    Summary = "Training: streaming popularity and personal model publishing; offline evaluation, training and replay.",
    Service = new ServiceMode("consumes listens and tracks; publishes a popularity model version to the model store and announces it on models",
        args => ServiceHost.RunAsync(args, builder => builder.AddTrainingService(), app => app.MapTrainingEndpoints()))
    {
        Options = [CommonOptions.Urls, CommonOptions.Kafka, CommonOptions.ModelStore, new("--Training:PublishInterval=00:00:10", "how often a changed model is published")],
    },
    Verbs = TrainingCli.Verbs(AnsiConsole.Console, Console.Error),
}.RunMainAsync(args);
