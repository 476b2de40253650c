using System.Diagnostics;
using OpenMrs.Audio.Models;
using OpenMrs.Audio.Torch;
using OpenMrs.Audio.Training;
using OpenMrs.Testing.Planted;
using TorchSharp;

namespace OpenMrs.Benchmarks.Benchmarks;

/// <summary>
/// `--bench cnn-training [--tracks N] [--epochs N]`: audio CNN training towards collaborative factors on planted-genre
/// audio (ALGORITHMS.md A: cnn-a, 128 mel × 999 frames, tanh head; C: cnn-c, 96 mel × 322-frame patches, cosine head):
/// log-mel dataset building, training throughput (spectrograms/s), then embedding throughput (tracks/s, log-mel
/// included) with the trained weights, and the held-out mean AUC of the predicted factors against random weights.
/// Runs on the runtime's device: the CPU unless a CUDA GPU is present.
/// </summary>
public sealed class CnnTrainingBenchmark : IBenchmark
{
    private const int Factors = 32;

    public string Name => "cnn-training";
    public string Description => "audio CNN training to factors (spectrograms/s) and embedding with the trained weights (tracks/s); cnn-a tanh and cnn-c cosine";
    public string Options => "[--tracks 48] [--epochs 3] [--threads N]";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var tracks = AudioExtractionBenchmark.IntOption(args, "--tracks", 48);
        var epochs = AudioExtractionBenchmark.IntOption(args, "--epochs", 3);
        var runtime = TorchRuntime.EnsureInitialised(new TorchRuntimeOptions { Threads = AudioExtractionBenchmark.IntOption(args, "--threads", Environment.ProcessorCount) });
        Console.WriteLine(runtime);
        var figures = new Dictionary<string, object>
        {
            ["device"] = runtime.Device.ToString(), ["threads"] = runtime.Threads, ["tracks"] = tracks, ["epochs"] = epochs, ["factors"] = Factors,
            ["loadAverage"] = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?",
        };
        figures["cnnA_tanh"] = Run(TemporalConvCnn.DefaultSpec(AudioHeadKind.TanhRegression, Factors), tracks, epochs, seconds: 24, cancellationToken);
        figures["cnnC_cosine"] = Run(PatchCnn.DefaultSpec(AudioHeadKind.Cosine) with { EmbeddingDimension = Factors, Outputs = Factors },
            tracks, epochs, seconds: 30, cancellationToken);
        BenchmarkResults.Write("cnn-training", figures);
        return Task.FromResult(0);
    }

    private static object Run(AudioCnnSpec spec, int count, int epochs, double seconds, CancellationToken cancellationToken)
    {
        var genres = new PlantedGenres(Factors, seed: 1);
        var trainGenres = Enumerable.Range(0, count).Select(i => i % PlantedGenres.Genres).ToArray();
        var testGenres = Enumerable.Range(0, 16).Select(i => i % PlantedGenres.Genres).ToArray();
        var userGenres = Enumerable.Range(0, 16).Select(i => i % PlantedGenres.Genres).ToArray();
        var train = trainGenres.Select((g, i) => new FactorTrack($"train-{i}", genres.Audio(g, seconds), genres.FactorsOf(g))).ToList();
        var test = testGenres.Select((g, i) => new FactorTrack($"test-{i}", genres.Audio(g, seconds), genres.FactorsOf(g))).ToList();
        var users = userGenres.Select(g => genres.FactorsOf(g)).ToArray();

        var watch = Stopwatch.StartNew();
        using var data = FactorDataset.Build(spec, train);
        var buildSeconds = watch.Elapsed.TotalSeconds;
        using var testData = FactorDataset.Build(spec, test);
        var model = AudioEmbedder.CreateSeeded(spec, seed: 1); // owned by the embedder below
        model.to(TorchRuntime.EnsureInitialised().Device);
        var randomAuc = PlantedGenres.MeanAuc(testData.PredictPerTrack(model).Select(p => p!).ToArray(), testGenres, users, userGenres);

        watch.Restart();
        var fit = FactorFitter.Fit(model, data, new FactorFitOptions
        {
            Training = AudioTrainingOptions.For(spec.Architecture) with { Epochs = epochs }, ValidationFraction = 0.1, Patience = epochs,
        }, cancellationToken: cancellationToken);
        var trainSeconds = watch.Elapsed.TotalSeconds;
        var trainedAuc = PlantedGenres.MeanAuc(testData.PredictPerTrack(model).Select(p => p!).ToArray(), testGenres, users, userGenres);
        var trainRows = (double)data.Rows * fit.TrainTracks / data.TrackIds.Count;

        using var embedder = AudioEmbedder.FromModel(model, "bench/trained", trained: true);
        var clips = test.Select(t => t.Waveform).ToList();
        embedder.Embed(clips.Take(2).ToList()); // warm-up
        watch.Restart();
        embedder.Embed(clips);
        var embedSeconds = watch.Elapsed.TotalSeconds;

        var result = new
        {
            spec.Architecture, head = spec.Head.ToString(), melBands = spec.MelBands, frames = spec.Frames, clipSeconds = seconds,
            spectrograms = data.Rows, datasetSpectrogramsPerSecond = Math.Round(data.Rows / buildSeconds, 1),
            epochsRun = fit.EpochsRun, trainSeconds = Math.Round(trainSeconds, 2),
            trainingSpectrogramsPerSecond = Math.Round(trainRows * fit.EpochsRun / trainSeconds, 1),
            embedTracksPerSecond = Math.Round(clips.Count / embedSeconds, 2),
            validationLoss = Math.Round(fit.ValidationLoss, 5), validationCosine = Math.Round(fit.ValidationCosine, 3),
            heldOutMeanAuc = Math.Round(trainedAuc, 3), randomWeightsMeanAuc = Math.Round(randomAuc, 3),
        };
        Console.WriteLine(result);
        return result;
    }
}
