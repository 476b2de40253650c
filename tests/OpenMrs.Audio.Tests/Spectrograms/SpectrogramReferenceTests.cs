using OpenMrs.Audio.Spectrograms;
using static TorchSharp.torch;

namespace OpenMrs.Audio.Tests.Spectrograms;

/// <summary>float32 TorchSharp spectrograms against the float64 reference computed from the definitions.</summary>
public sealed class SpectrogramReferenceTests
{
    private const int Samples = 6000; // 12 frames at hop 512: enough to cover both padded edges and the middle

    [Fact]
    public void Power_matches_the_reference_within_1e4_of_the_peak()
    {
        var signal = TestSignals.Music(Samples, seed: 3);
        using var computer = new SpectrogramComputer();
        var actual = computer.PowerSpectrogram(signal);
        var expected = ReferenceSpectrogram.Power(signal, 2048, 512);

        Assert.Equal(expected.Length, actual.GetLength(0));
        Assert.Equal(1025, actual.GetLength(1));
        Assert.True(MaxErrorRelativeToPeak(expected, (t, k) => actual[t, k]) < 1e-4);
    }

    [Theory]
    [InlineData(MelScale.Slaney)]
    [InlineData(MelScale.Htk)]
    public void Mel_power_matches_the_reference_within_1e4_of_the_peak(MelScale scale)
    {
        var signal = TestSignals.Music(Samples, seed: 4);
        using var computer = new SpectrogramComputer(new SpectrogramOptions { Scale = scale });
        using var mel = computer.Mel(computer.Power(tensor(signal).unsqueeze(0))).squeeze(0).cpu();
        var filters = ReferenceSpectrogram.Filterbank(128, 2048, 22050, 8000, htk: scale == MelScale.Htk);
        var expected = ReferenceSpectrogram.Mel(ReferenceSpectrogram.Power(signal, 2048, 512), filters);
        var values = mel.data<float>().ToArray(); // [mels, frames]
        var frames = expected.Length;

        Assert.Equal(128L * frames, values.Length);
        Assert.True(MaxErrorRelativeToPeak(expected, (t, m) => values[m * frames + t]) < 1e-4);
    }

    [Fact]
    public void Log_mel_matches_the_reference_in_dB_and_stays_within_80_dB_of_the_peak()
    {
        var signal = TestSignals.Music(Samples, seed: 5);
        using var computer = new SpectrogramComputer();
        var actual = computer.LogMelSpectrogram(signal); // [mels, frames]
        var filters = ReferenceSpectrogram.Filterbank(128, 2048, 22050, 8000, htk: false);
        var mel = ReferenceSpectrogram.Mel(ReferenceSpectrogram.Power(signal, 2048, 512), filters);
        var expected = ReferenceSpectrogram.Db(mel, 1e-10, 80);
        var peak = expected.Max(r => r.Max());

        for (var t = 0; t < expected.Length; t++)
            for (var m = 0; m < 128; m++)
            {
                // Bins far under the peak carry float32 rounding of the peak's size, so compare within 40 dB of it.
                if (expected[t][m] > peak - 40) Assert.InRange(actual[m, t] - expected[t][m], -0.01, 0.01);
                Assert.True(actual[m, t] >= peak - 80 - 0.01);
            }
    }

    [Fact]
    public void The_filterbank_matches_the_reference_filters()
    {
        foreach (var scale in new[] { MelScale.Slaney, MelScale.Htk })
        {
            var actual = MelFilterbank.Create(new SpectrogramOptions { Scale = scale });
            var expected = ReferenceSpectrogram.Filterbank(128, 2048, 22050, 8000, htk: scale == MelScale.Htk);
            for (var m = 0; m < 128; m++)
                for (var k = 0; k < 1025; k++)
                    Assert.True(Math.Abs(actual[m, k] - expected[m][k]) < 1e-12, $"{scale} filter {m} bin {k}");
        }
    }

    private static double MaxErrorRelativeToPeak(double[][] expected, Func<int, int, float> actual)
    {
        var peak = expected.Max(r => r.Max());
        double worst = 0;
        for (var t = 0; t < expected.Length; t++)
            for (var k = 0; k < expected[t].Length; k++)
                worst = Math.Max(worst, Math.Abs(actual(t, k) - expected[t][k]) / peak);
        return worst;
    }
}
