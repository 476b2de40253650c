using OpenMrs.Audio.Models;

namespace OpenMrs.Audio.Tests.Models;

public sealed class AudioModelFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("audio-model-").FullName;

    [Theory]
    [InlineData("cnn-a")]
    [InlineData("cnn-c")]
    [InlineData("cnn-m")]
    public void Saved_weights_reload_to_identical_embeddings(string architecture)
    {
        var path = Path.Combine(_directory, architecture + ".omrscnn");
        var clip = SyntheticAudio.Clip(0, 16 * 22050, seed: 4);
        using var original = AudioEmbedder.CreateSeeded(AudioCnnFactory.DefaultSpec(architecture), seed: 11);
        AudioModelFile.Save(path, original, $"{architecture}/2026-11-22", trained: true);
        using var before = AudioEmbedder.FromModel(original, "unsaved", trained: false);

        using var loaded = AudioEmbedder.Create(new AudioEmbedderOptions { WeightsPath = path, Architecture = "ignored-when-a-file-is-given" });

        Assert.Equal($"{architecture}/2026-11-22", loaded.ModelVersion);
        Assert.True(loaded.IsTrained);
        Assert.Equal(architecture, loaded.Spec.Architecture);
        Assert.Equal(before.Embed(clip), loaded.Embed(clip));
        var header = AudioModelFile.ReadHeader(path);
        Assert.Equal(AudioCnnFactory.DefaultSpec(architecture), header.Spec);
    }

    [Fact]
    public void Loading_into_another_architecture_or_spec_is_a_format_error()
    {
        var path = Path.Combine(_directory, "a.omrscnn");
        using var a = new TemporalConvCnn(TemporalConvCnn.DefaultSpec());
        AudioModelFile.Save(path, a, "cnn-a/x", trained: true);

        using var m = new ShortChunkCnn(ShortChunkCnn.DefaultSpec());
        var wrongArchitecture = Assert.Throws<AudioModelFormatException>(() => AudioModelFile.LoadInto(m, path));
        Assert.Contains("cnn-a", wrongArchitecture.Message);

        using var otherHead = new TemporalConvCnn(TemporalConvCnn.DefaultSpec(AudioHeadKind.Classification, 10));
        Assert.Throws<AudioModelFormatException>(() => AudioModelFile.LoadInto(otherHead, path));

        using var same = new TemporalConvCnn(TemporalConvCnn.DefaultSpec());
        Assert.Equal("cnn-a/x", AudioModelFile.LoadInto(same, path).Version);
    }

    [Fact]
    public void Files_that_are_not_models_are_format_errors()
    {
        var garbage = Path.Combine(_directory, "garbage.omrscnn");
        File.WriteAllText(garbage, "this is not a model");
        Assert.Throws<AudioModelFormatException>(() => AudioModelFile.Load(garbage));

        var truncated = Path.Combine(_directory, "truncated.omrscnn");
        using (var model = new ShortChunkCnn(ShortChunkCnn.DefaultSpec())) AudioModelFile.Save(truncated, model, "cnn-m/x", trained: true);
        var bytes = File.ReadAllBytes(truncated);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        Assert.Throws<AudioModelFormatException>(() => AudioModelFile.Load(truncated));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
