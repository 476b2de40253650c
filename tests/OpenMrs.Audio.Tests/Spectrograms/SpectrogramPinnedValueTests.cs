using OpenMrs.Audio.Spectrograms;
using static TorchSharp.torch;

namespace OpenMrs.Audio.Tests.Spectrograms;

/// <summary>Values worked out by hand from the mel formulas and the FFT bin spacing (22,050 / 2048 ≈ 10.77 Hz).</summary>
public sealed class SpectrogramPinnedValueTests
{
    // Slaney: mel(8000) = 15 + ln(8)/(ln(6.4)/27) = 45.24564; band m peaks at mel (m+1)·45.24564/129.
    [Theory]
    [InlineData(0, 23.38276)]    // 0.350741 mel × 200/3
    [InlineData(9, 233.8276)]    // 3.50741 mel, still linear
    [InlineData(42, 1005.6453)]  // 15.0823 mel → 1000·6.4^(0.0823/27)
    [InlineData(63, 1668.6675)]
    [InlineData(127, 7809.3946)]
    public void Slaney_centre_frequencies(int band, double hz) =>
        Assert.InRange(MelFilterbank.CentreFrequencies(new SpectrogramOptions())[band], hz - 1e-3, hz + 1e-3);

    // HTK: mel(8000) = 2595·log10(1 + 8000/700) = 2840.023; band m peaks at 700·(10^(mel/2595) − 1).
    [Theory]
    [InlineData(0, 13.80885)]
    [InlineData(63, 1743.8059)]
    [InlineData(127, 7831.6959)]
    public void Htk_centre_frequencies(int band, double hz) =>
        Assert.InRange(MelFilterbank.CentreFrequencies(new SpectrogramOptions { Scale = MelScale.Htk })[band], hz - 1e-3, hz + 1e-3);

    [Fact]
    public void A_1000_Hz_tone_peaks_in_bin_93_and_mel_band_42()
    {
        // 1000·2048/22050 = 92.88 → bin 93 (1001.3 Hz), which lies on band 42's rising edge (982.1 → 1005.6 Hz) at 0.81
        // and on band 41's falling edge at 0.19.
        var tone = TestSignals.Tone(1000, 22050);
        using var computer = new SpectrogramComputer();
        var power = computer.PowerSpectrogram(tone);
        var middle = power.GetLength(0) / 2;
        Assert.Equal(93, Enumerable.Range(0, 1025).MaxBy(k => power[middle, k]));

        var logMel = computer.LogMelSpectrogram(tone);
        Assert.Equal(42, Enumerable.Range(0, 128).MaxBy(m => logMel[m, middle]));
    }

    [Fact]
    public void Frame_count_follows_centre_padding()
    {
        using var computer = new SpectrogramComputer();
        var thirtySeconds = new float[30 * 22050];
        Assert.Equal(1 + 661500 / 512, computer.PowerSpectrogram(thirtySeconds).GetLength(0));
        Assert.Equal(1 + 661500 / 512, computer.Options.FrameCount(thirtySeconds.Length));
    }
}
