using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenMrs.Audio.Models;
using OpenMrs.Features.Configuration;
using OpenMrs.Features.Embedding;
using OpenMrs.Features.Fetching;
using OpenMrs.Features.Training;
using OpenMrs.Messaging.Configuration;
using OpenMrs.Messaging.Publishing;
using OpenMrs.ModelStore.Store;
using OpenMrs.ServiceDefaults.Cli;

namespace OpenMrs.Features.Cli;

/// <summary>
/// <c>train-cnn --store DIR --audio-map FILE [...]</c>: trains the audio CNN from the tracks' audio to the newest
/// WALS item factors and publishes it as <c>audio-cnn</c> (<see cref="CnnTrainingJob"/>); with <c>--kafka</c> it is
/// announced on <c>models</c>. Exit code 0 published, 1 training could not run (one line saying why), 2 bad usage.
/// </summary>
public static class TrainCnnCommand
{
    public const string Name = "train-cnn";

    public const string Options = "--store DIR --audio-map FILE [--als-version V] [--architecture cnn-a|cnn-c|cnn-m] [--head tanh|cosine] " +
                                  "[--epochs N] [--patience N] [--validation F] [--batch N] [--lr X] [--seed N] [--max-tracks N] [--mels N] [--frames N] [--kafka BOOTSTRAP]";

    public static Verb Verb(TextWriter output, TextWriter errors) =>
        new(Name, "train the audio CNN from tracks' log-mel spectrograms to the published WALS item factors; publish it as audio-cnn", Options,
            (args, cancel) => RunAsync(args, output, errors, cancel))
        {
            Details = "--audio-map: one TRACK_ID<TAB>AUDIO_URI per line (path, file:// or http(s)://); tracks without als factors are ignored.\n" +
                      "--head: tanh (A: tanh + MSE, default for cnn-a and cnn-m) or cosine (C: clipped cosine loss, default for cnn-c).\n" +
                      "--validation: share of the tracks held out for early stopping (default 0.1); --patience epochs without improvement (5).\n" +
                      "--kafka: announce the new version on the models topic so running Features services load it.\n" +
                      "Exit code: 0 published, 1 training could not run, 2 bad usage.",
        };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken cancellationToken = default)
    {
        string? storePath = null, mapPath = null, kafka = null;
        var request = new CnnTrainingRequest();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            var ok = value is not null;
            switch (args[i])
            {
                case "--store" when ok: storePath = value; break;
                case "--audio-map" when ok: mapPath = value; break;
                case "--kafka" when ok: kafka = value; break;
                case "--als-version" when ok: request = request with { AlsVersion = value }; break;
                case "--architecture" when ok: request = request with { Architecture = value! }; break;
                case "--head" when ok && ParseHead(value!) is { } head: request = request with { Head = head }; break;
                case "--epochs" when ok && Positive(value!) is { } n: request = request with { Epochs = n }; break;
                case "--patience" when ok && Positive(value!) is { } n: request = request with { Patience = n }; break;
                case "--batch" when ok && Positive(value!) is { } n: request = request with { BatchSize = n }; break;
                case "--max-tracks" when ok && Positive(value!) is { } n: request = request with { MaxTracks = n }; break;
                case "--mels" when ok && Positive(value!) is { } n: request = request with { MelBands = n }; break;
                case "--frames" when ok && Positive(value!) is { } n: request = request with { Frames = n }; break;
                case "--seed" when ok && int.TryParse(value, out var seed): request = request with { Seed = seed }; break;
                case "--lr" when ok && Number(value!) is > 0 and var lr: request = request with { LearningRate = lr }; break;
                case "--validation" when ok && Number(value!) is >= 0 and <= 0.5 and var f: request = request with { ValidationFraction = f }; break;
                default:
                    errors.WriteLine(ok || !args[i].StartsWith("--", StringComparison.Ordinal)
                        ? $"{Name}: bad option or value: {args[i]} {value}" : $"{Name}: {args[i]} needs a value");
                    return Usage(errors);
            }
            i++;
        }
        if (storePath is null || mapPath is null)
        {
            errors.WriteLine($"{Name}: --store and --audio-map are required");
            return Usage(errors);
        }

        using var loggers = LoggerFactory.Create(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Information));
        var logger = loggers.CreateLogger(Name);
        var features = new FeaturesOptions();
        using var endpoint = kafka is null ? null : new KafkaEndpoint(kafka);
        using var producers = endpoint is null ? null : new KafkaProducerHost(Microsoft.Extensions.Options.Options.Create(new KafkaOptions { BootstrapServers = kafka! }), endpoint);
        try
        {
            var map = AudioMapFile.Read(mapPath);
            var store = new FileSystemModelStore(storePath);
            var job = new CnnTrainingJob(store, AudioFetcher.Create(features, AudioSourcePolicy.Unrestricted), FeatureExtractorProvider.DecodeOptionsFrom(features), logger);
            var outcome = await job.RunAsync(map, request, producers is null ? null : new KafkaEventPublisher(producers), cancellationToken);
            var fit = outcome.Fit;
            output.WriteLine($"published {outcome.Manifest.Kind}/{outcome.Manifest.Version} (weights {outcome.WeightsVersion}) from als {outcome.AlsVersion}");
            output.WriteLine($"  {outcome.Tracks} tracks ({fit.TrainTracks} train, {fit.ValidationTracks} validation, {outcome.SkippedTracks} skipped), " +
                             $"best epoch {fit.BestEpoch} of {fit.EpochsRun}{(fit.StoppedEarly ? " (stopped early)" : "")}");
            output.WriteLine(FormattableString.Invariant($"  train loss {fit.TrainLoss:F5}, validation loss {fit.ValidationLoss:F5}, validation cosine {fit.ValidationCosine:F3}"));
            output.WriteLine(outcome.Announcement is null ? "  not announced (no --kafka)" : $"  announced on {OpenMrs.Contracts.Topics.Models}");
            return 0;
        }
        catch (CnnTrainingException e)
        {
            errors.WriteLine($"{Name}: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is ModelStoreException or IOException or UnauthorizedAccessException or AudioModelFormatException)
        {
            errors.WriteLine($"{Name}: {e.Message}");
            return 1;
        }
        catch (OpenMrs.Messaging.PublishException e)
        {
            errors.WriteLine($"{Name}: the model was published but announcing it failed: {e.Message}");
            return 1;
        }
    }

    private static AudioHeadKind? ParseHead(string value) => value switch
    {
        "tanh" => AudioHeadKind.TanhRegression,
        "cosine" => AudioHeadKind.Cosine,
        _ => null,
    };

    private static int? Positive(string value) => int.TryParse(value, out var n) && n > 0 ? n : null;

    private static double? Number(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : null;

    private static int Usage(TextWriter errors)
    {
        errors.WriteLine($"usage: dotnet run -c Release --project services/Features -- {Name} {Options}");
        return 2;
    }
}
