using System.Numerics.Tensors;
using OpenMrs.Audio.Models;
using OpenMrs.Audio.Torch;
using OpenMrs.Audio.Tests.Spectrograms;

namespace OpenMrs.Audio.Tests.Models;

public sealed class AudioEmbedderTests
{
    private static List<float[]> Clips(int count, int seconds) =>
        Enumerable.Range(0, count).Select(i => SyntheticAudio.Clip(i % 2, seconds * 22050 + i * 1000, seed: i)).ToList();

    [Theory]
    [InlineData("cnn-a", 200)]
    [InlineData("cnn-m", 256)]
    public void Same_input_twice_is_bit_identical_and_batching_does_not_change_results(string architecture, int frames)
    {
        var clips = Clips(8, 6);
        var spec = AudioCnnFactory.DefaultSpec(architecture) with { Frames = frames }; // shorter inputs keep the test quick
        using var batched = AudioEmbedder.FromModel(AudioEmbedder.CreateSeeded(spec, seed: 7), AudioEmbedder.RandomVersion(architecture, 7), trained: false, batchSize: 8);
        using var single = AudioEmbedder.FromModel(AudioEmbedder.CreateSeeded(spec, seed: 7), "same weights", trained: false, batchSize: 1);

        var first = batched.Embed(clips);
        var second = batched.Embed(clips);
        var one = single.Embed(clips);

        Assert.Equal(8, first.Length);
        for (var i = 0; i < clips.Count; i++)
        {
            Assert.Equal(batched.EmbeddingDimension, first[i].Length);
            Assert.Equal(first[i], second[i]);
            for (var d = 0; d < first[i].Length; d++) Assert.InRange(one[i][d] - first[i][d], -1e-5, 1e-5);
        }
        Assert.Equal($"{architecture}/random-seed-7", batched.ModelVersion);
        Assert.False(batched.IsTrained);
    }

    [Theory]
    [InlineData("cnn-a")]
    [InlineData("cnn-c")]
    [InlineData("cnn-m")]
    public void A_copy_40_dB_quieter_embeds_like_the_original_and_other_clips_do_not(string architecture)
    {
        var clips = Clips(2, 16); // longer than a cnn-c patch, shorter than the cnn-a/cnn-m input: both framings run
        var quiet = clips[0].Select(x => x * 0.01f).ToArray();
        using var embedder = AudioEmbedder.FromModel(AudioEmbedder.CreateSeeded(AudioCnnFactory.DefaultSpec(architecture), seed: 5), "test", trained: false);

        var vectors = embedder.Embed([clips[0], quiet, clips[1]]);

        var gainShift = TensorPrimitives.Distance(vectors[0], vectors[1]);
        var otherClip = TensorPrimitives.Distance(vectors[0], vectors[2]);
        Assert.True(gainShift < 1e-3 * otherClip, $"{architecture}: −40 dB moved the embedding {gainShift:G3}, another clip is {otherClip:G3} away");
    }

    [Fact]
    public void Create_without_weights_gives_the_seeded_default_model()
    {
        using var embedder = AudioEmbedder.Create(new AudioEmbedderOptions { Seed = 4, BatchSize = 2 });
        Assert.Equal("cnn-m/random-seed-4", embedder.ModelVersion);
        Assert.False(embedder.IsTrained);
        Assert.Equal(128, embedder.EmbeddingDimension);
        Assert.Equal(2, embedder.BatchSize);
        Assert.Equal(TorchRuntime.Current.Device.type, embedder.Device.type);
    }

    [Fact]
    public void Seeds_decide_the_weights()
    {
        var clip = Clips(1, 3)[0];
        using var a = AudioEmbedder.Create(new AudioEmbedderOptions { Architecture = "cnn-m", Seed = 1 });
        using (TorchSharp.torch.randn(1000)) { } // other users of torch's global generator must not matter
        using var b = AudioEmbedder.Create(new AudioEmbedderOptions { Architecture = "cnn-m", Seed = 1 });
        using var c = AudioEmbedder.Create(new AudioEmbedderOptions { Architecture = "cnn-m", Seed = 2 });
        Assert.Equal(a.Embed(clip), b.Embed(clip));
        Assert.NotEqual(a.Embed(clip), c.Embed(clip));
    }

    [Fact]
    public void Cnn_c_averages_its_trimmed_half_overlapping_patches()
    {
        var spec = PatchCnn.DefaultSpec();
        using var model = AudioEmbedder.CreateSeeded(spec, seed: 3);
        using var embedder = AudioEmbedder.FromModel(model, "cnn-c/test", trained: false, batchSize: 3);
        var clip = SyntheticAudio.Clip(1, 30 * 22050, seed: 9);

        var actual = embedder.Embed(clip);

        // Reference: 1292 frames, patches of 322 every 161 frames start at 0, 161, …, 966 (7); 15% trimmed → 161 … 805 (5).
        Assert.Equal(new[] { 161, 322, 483, 644, 805 }, WaveformFraming.PatchStarts(1292, 322, 0.15));
        using var computer = new OpenMrs.Audio.Spectrograms.SpectrogramComputer(spec.Spectrogram);
        var logMel = computer.LogMelSpectrogram(LoudnessNormalisation.Normalise(clip, spec.SampleRate));
        var patches = new[] { 161, 322, 483, 644, 805 }.Select(start =>
        {
            var patch = new float[96 * 322];
            for (var m = 0; m < 96; m++) for (var f = 0; f < 322; f++) patch[m * 322 + f] = logMel[m, start + f];
            return patch;
        }).ToArray();
        using var input = TorchSharp.torch.tensor(patches.SelectMany(p => p).ToArray(), [5, 96, 322]);
        using var noGrad = TorchSharp.torch.no_grad();
        var perPatch = model.Embed(input).data<float>().ToArray();
        var mean = Enumerable.Range(0, 200).Select(d => Enumerable.Range(0, 5).Average(p => (double)perPatch[p * 200 + d])).ToArray();
        var norm = Math.Sqrt(mean.Sum(v => v * v));

        Assert.Equal(200, actual.Length);
        for (var d = 0; d < 200; d++) Assert.InRange(actual[d] - mean[d] / norm, -1e-4, 1e-4);
    }

    [Fact]
    public void Bad_waveforms_are_argument_errors_and_empty_lists_embed_to_nothing()
    {
        using var embedder = AudioEmbedder.Create(new AudioEmbedderOptions { Architecture = "cnn-m" });
        Assert.Throws<ArgumentException>(() => embedder.Embed([new float[1000], Array.Empty<float>()]));
        var withNaN = new float[5000];
        withNaN[17] = float.NaN;
        Assert.Throws<ArgumentException>(() => embedder.Embed(withNaN));
        Assert.Empty(embedder.Embed(Array.Empty<float[]>()));
        Assert.Equal(128, embedder.Embed(new float[300]).Length); // shorter than one FFT: zero-padded
    }

    [Fact]
    public void Missing_weights_file_is_reported()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.omrscnn");
        Assert.Throws<FileNotFoundException>(() => AudioEmbedder.Create(new AudioEmbedderOptions { WeightsPath = path }));
    }
}
