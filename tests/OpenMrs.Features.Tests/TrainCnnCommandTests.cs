using OpenMrs.Audio.Models;
using OpenMrs.Features.Cli;
using OpenMrs.Features.Training;

namespace OpenMrs.Features.Tests;

/// <summary><c>train-cnn</c> on a planted catalogue: publishes audio-cnn with its provenance; bad inputs are one line and exit code 1.</summary>
public sealed class TrainCnnCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("openmrs-train-cnn-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string[] Small(params string[] args) =>
        [.. args, "--mels", $"{PlantedCatalogue.MelBands}", "--frames", $"{PlantedCatalogue.Frames}", "--epochs", "6", "--validation", "0.25"];

    [Fact]
    public async Task Trains_towards_the_newest_als_factors_and_publishes_audio_cnn_with_its_provenance()
    {
        var catalogue = await PlantedCatalogue.CreateAsync(_dir);
        var output = new StringWriter();
        var errors = new StringWriter();

        var code = await TrainCnnCommand.RunAsync(Small("--store", catalogue.StorePath, "--audio-map", catalogue.AudioMap), output, errors);

        Assert.True(code == 0, errors.ToString());
        var version = Assert.Single(catalogue.Store.ListVersions(CnnTrainingRequest.ModelKind));
        var manifest = catalogue.Store.ReadManifest(CnnTrainingRequest.ModelKind, version);
        Assert.Equal(catalogue.AlsVersion, manifest.Provenance!.Hyperparameters["alsVersion"]);
        Assert.Equal(("cnn-a-tanh", "tanh"), (manifest.Provenance.Algorithm, manifest.Provenance.Hyperparameters["head"]));
        Assert.Equal(24, manifest.Provenance.EventCount);
        Assert.Equal((18.0, 6.0), (manifest.Metrics!["trainTracks"], manifest.Metrics["validationTracks"]));
        Assert.InRange(manifest.Metrics["bestEpoch"], 1, manifest.Metrics["epochs"]);
        Assert.True(manifest.Metrics.ContainsKey("validationLoss") && manifest.Metrics.ContainsKey("validationCosine"));
        Assert.Contains($"published audio-cnn/{version}", output.ToString());

        var weights = Path.Combine(_dir, "weights.bin");
        await using (var source = catalogue.Store.OpenRead(CnnTrainingRequest.ModelKind, version))
        await using (var target = File.Create(weights))
            await source.CopyToAsync(target);
        using var embedder = AudioEmbedder.Create(new AudioEmbedderOptions { WeightsPath = weights });
        Assert.True(embedder.IsTrained);
        Assert.Equal(manifest.Provenance.Hyperparameters["weightsVersion"], embedder.ModelVersion);
        Assert.Contains($"als-{catalogue.AlsVersion}", embedder.ModelVersion);
        Assert.Equal(TemporalConvCnn.ArchitectureName, embedder.Spec.Architecture);
    }

    [Fact]
    public async Task Bad_inputs_are_one_line_errors_with_exit_code_1()
    {
        var catalogue = await PlantedCatalogue.CreateAsync(_dir, tracks: 8);
        var emptyStore = Path.Combine(_dir, "empty-store");
        var strangers = Path.Combine(_dir, "strangers.tsv");
        await File.WriteAllTextAsync(strangers, "unknown-track\t/nowhere.wav\n");
        var corrupt = Path.Combine(_dir, "corrupt.tsv");
        var garbage = Path.Combine(_dir, "garbage.wav");
        await File.WriteAllTextAsync(garbage, "RIFF but not really audio " + new string('x', 2000));
        await File.WriteAllLinesAsync(corrupt, catalogue.Audio.Keys.Select(id => $"{id}\t{garbage}"));
        var malformed = Path.Combine(_dir, "malformed.tsv");
        await File.WriteAllTextAsync(malformed, "just-an-id\n");

        foreach (var (args, expected) in new[]
                 {
                     (Small("--store", emptyStore, "--audio-map", catalogue.AudioMap), "no 'als' model"),
                     (Small("--store", catalogue.StorePath, "--audio-map", strangers), "no track has both audio"),
                     (Small("--store", catalogue.StorePath, "--audio-map", corrupt), "has usable audio"),
                     (Small("--store", catalogue.StorePath, "--audio-map", malformed), "line 1"),
                     (Small("--store", catalogue.StorePath, "--audio-map", Path.Combine(_dir, "missing.tsv")), "no such file"),
                     (Small("--store", catalogue.StorePath, "--audio-map", catalogue.AudioMap, "--architecture", "cnn-z"), "unknown architecture"),
                 })
        {
            var errors = new StringWriter();
            Assert.Equal(1, await TrainCnnCommand.RunAsync(args, TextWriter.Null, errors));
            var text = errors.ToString().TrimEnd();
            Assert.Contains(expected, text);
            Assert.DoesNotContain('\n', text);
            Assert.DoesNotContain("Exception", text);
        }
        Assert.Equal(2, await TrainCnnCommand.RunAsync(["--store", catalogue.StorePath], TextWriter.Null, TextWriter.Null));
        Assert.Equal(2, await TrainCnnCommand.RunAsync(["--store", catalogue.StorePath, "--audio-map", catalogue.AudioMap, "--head", "softmax"], TextWriter.Null, TextWriter.Null));
        Assert.Empty(catalogue.Store.ListVersions(CnnTrainingRequest.ModelKind));
    }
}
