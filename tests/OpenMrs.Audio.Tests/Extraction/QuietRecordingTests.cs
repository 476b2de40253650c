using System.Numerics.Tensors;
using OpenMrs.Audio.Extraction;
using OpenMrs.Audio.Models;
using OpenMrs.Audio.Tests.Decoding;
using OpenMrs.Testing.TestAudio;
using Xunit.Abstractions;

namespace OpenMrs.Audio.Tests.Extraction;

/// <summary>
/// A quiet recording is extracted like a loud one. The files are 16-bit, so the quiet copy also carries the
/// requantisation a real one has (click tails below ½ LSB are gone, 54–80 dB under the peak, where the log-mel still
/// looks), which is why the tolerances here are wider than in <see cref="GainAndSampleRateInvarianceTests"/>.
/// </summary>
public sealed class QuietRecordingTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_click_track_40_dB_down_in_16_bit_keeps_its_descriptors_and_embedding_and_its_loudness_drops_by_40_dB()
    {
        var original = _dir.File("clicks.wav");
        var quiet = _dir.File("clicks-40dB.wav");
        var rerendered = _dir.File("clicks-seed2.wav");
        WavWriter.Write(original, Signals.ClickTrack(120, 20), Signals.DefaultSampleRate);
        WavWriter.Write(rerendered, Signals.ClickTrack(120, 20, seed: 2), Signals.DefaultSampleRate);
        Ffmpeg.Convert(original, quiet, gainDb: -40, codec: "pcm_s16le");

        using var embedder = AudioEmbedder.Create(new AudioEmbedderOptions { Seed = 1 });
        using var extractor = new FeatureExtractor(embedder: embedder);
        var results = await extractor.ExtractAsync([original, quiet, rerendered]);
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        var (loud, soft) = (results[0].Features!, results[1].Features!);
        var (a, b) = (loud.Descriptors, soft.Descriptors);
        // Scale: the same click pattern rendered with other noise, which sounds the same.
        var embeddingShift = TensorPrimitives.Distance(loud.Embedding, soft.Embedding)
                             / TensorPrimitives.Distance(loud.Embedding, results[2].Features!.Embedding);
        output.WriteLine($"original {a}\n−40 dB   {b}\nembedding distance / distance to a re-rendered click track: {embeddingShift:G3}");

        Assert.InRange(a.TempoBpm ?? 0, 120 * 0.99, 120 * 1.01);
        Assert.Equal(a.TempoBpm ?? 0, b.TempoBpm ?? 0, 0.1);
        Assert.Equal((a.Key, a.Mode), (b.Key, b.Mode));
        Assert.Equal(a.OnsetRate, b.OnsetRate);
        Assert.Equal(-40, b.LoudnessDb - a.LoudnessDb, 0.1);
        Assert.Equal(-40, b.RmsLoudnessDb - a.RmsLoudnessDb, 0.1);
        Assert.Equal(a.SpectralCentroidHz, b.SpectralCentroidHz, a.SpectralCentroidHz * 0.01);
        Assert.Equal(a.SpectralRolloffHz, b.SpectralRolloffHz, a.SpectralRolloffHz * 0.01);
        Assert.Equal(a.SpectralFlatness, b.SpectralFlatness, a.SpectralFlatness * 0.02);
        Assert.True(embeddingShift < 0.5, $"the quiet copy's embedding moved {embeddingShift:G3} of the distance to a re-rendered click track");
    }
}
