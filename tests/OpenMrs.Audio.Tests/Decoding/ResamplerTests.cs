using OpenMrs.Audio.Decoding;
using OpenMrs.Testing.TestAudio;

namespace OpenMrs.Audio.Tests.Decoding;

public sealed class ResamplerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(16000)]
    public void An_in_band_tone_is_reproduced_at_the_new_rate(int fromRate)
    {
        var input = Signals.Sine(1000, 1.0, sampleRate: fromRate);
        var output = Resampler.Resample(input, fromRate, 22050);
        var expected = Signals.Sine(1000, 1.0, sampleRate: 22050);

        Assert.InRange(output.Length, expected.Length - 1, expected.Length + 1);
        // Skip the filter's edge transients; the interior must match the analytic tone closely.
        var error = RmsDifference(output.AsSpan(500, 20000), expected.AsSpan(500, 20000));
        Assert.True(error < 1e-3, $"{fromRate} Hz → 22050 Hz: RMS error {error}");
    }

    [Fact]
    public void A_tone_above_the_new_nyquist_frequency_is_removed()
    {
        var input = Signals.Sine(15000, 1.0, amplitude: 0.5, sampleRate: 44100);
        var output = Resampler.Resample(input, 44100, 22050);

        var rms = Math.Sqrt(output.AsSpan(500, 20000).ToArray().Average(x => (double)x * x));
        var attenuationDb = 20 * Math.Log10(rms / (0.5 / Math.Sqrt(2)));
        Assert.True(attenuationDb < -60, $"15 kHz leaked through at {attenuationDb:F1} dB");
    }

    [Fact]
    public async Task A_44100_hz_stereo_file_decodes_to_22050_hz_mono_like_ffmpeg()
    {
        var tone = Signals.HarmonicNote(220, 1.0, sampleRate: 44100);
        var path = _dir.File("cd.wav");
        WavWriter.Write(path, Signals.Interleave(tone, tone), 44100, channels: 2);

        var managed = await new AudioDecoder().DecodeAsync(path);
        var viaFfmpeg = await new AudioDecoder(new DecodeOptions { UseManagedWav = false }).DecodeAsync(path);

        Assert.Equal("managed-wav", managed.Decoder);
        Assert.InRange(managed.Samples.Length, viaFfmpeg.Samples.Length - 2, viaFfmpeg.Samples.Length + 2);
        var n = Math.Min(managed.Samples.Length, viaFfmpeg.Samples.Length) - 1000;
        var error = RmsDifference(managed.Samples.AsSpan(500, n), viaFfmpeg.Samples.AsSpan(500, n));
        Assert.True(error < 5e-3, $"managed and ffmpeg resampling differ by RMS {error}");
    }

    private static double RmsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++) sum += (a[i] - b[i]) * (double)(a[i] - b[i]);
        return Math.Sqrt(sum / a.Length);
    }
}
