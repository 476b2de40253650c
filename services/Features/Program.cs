using OpenMrs.Features.Cli;
using OpenMrs.Features.Embedding;
using OpenMrs.Features.Hosting;
using OpenMrs.ServiceDefaults;
using OpenMrs.ServiceDefaults.Cli;

// The feature service, or `extract FILE…` once from the command line. `--help` prints the usage. See README.md.
return await new EntryPoint
{
    Project = "services/Features",
    Summary = "Features: audio decoding, descriptors and CNN embeddings of catalog tracks.",
    Service = new ServiceMode("consumes tracks; decodes each audioUri and publishes descriptors and the embedding on track-features",
        args => ServiceHost.RunAsync(args, builder => builder.AddFeaturesService(), app => AudioModelStatus.Map(app)))
    {
        Options = [CommonOptions.Urls, CommonOptions.Kafka, CommonOptions.ModelStore, new("--Features:ModelPath=FILE", "CNN weights; empty = newest audio-cnn model in the store, else seeded random")],
    },
    Verbs = [ExtractCommand.Verb(Console.Out, Console.Error), TrainCnnCommand.Verb(Console.Out, Console.Error)],
}.RunMainAsync(args);
