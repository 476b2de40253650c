using OpenMrs.Audio.Descriptors;
using OpenMrs.Testing.TestAudio;

namespace OpenMrs.Audio.Tests.Descriptors;

public sealed class ToneTests
{
    [Theory]
    [InlineData(69, 9)]   // A4 440 Hz
    [InlineData(60, 0)]   // C4
    [InlineData(66, 6)]   // F#4
    [InlineData(79, 7)]   // G5
    public void A_tone_puts_its_pitch_class_on_top_of_the_chroma(int midi, int pitchClass)
    {
        var chroma = Chroma.Compute(Spectra.Of(Signals.Sine(Signals.MidiToHz(midi), 2)));
        Assert.Equal(pitchClass, Array.IndexOf(chroma, chroma.Max()));
    }

    [Theory]
    [InlineData(440)]
    [InlineData(1000)]
    [InlineData(3000)]
    public void The_centroid_and_rolloff_of_a_sine_sit_at_its_frequency(double hz)
    {
        var d = Spectra.Describe(Signals.Sine(hz, 2));
        Assert.InRange(d.SpectralCentroidHz, hz * 0.95, hz * 1.05);
        Assert.InRange(d.SpectralRolloffHz, hz - 25, hz + 25);
    }

    [Fact]
    public void The_zero_crossing_rate_of_a_sine_is_twice_its_frequency_over_the_sample_rate()
    {
        var d = Spectra.Describe(Signals.Sine(500, 2));
        Assert.Equal(2 * 500.0 / 22050, d.ZeroCrossingRate, 3);
    }

    [Fact]
    public void Noise_is_flat_and_a_sine_is_not()
    {
        var random = new Random(3);
        var noise = Enumerable.Range(0, 44100).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var noiseFlatness = Spectra.Describe(noise).SpectralFlatness;
        var sineFlatness = Spectra.Describe(Signals.Sine(440, 2)).SpectralFlatness;
        Assert.True(noiseFlatness > 0.3, $"noise flatness {noiseFlatness}");
        Assert.True(sineFlatness < 0.01, $"sine flatness {sineFlatness}");
    }

    [Fact]
    public void Loudness_follows_amplitude_in_decibels()
    {
        var full = Loudness.Compute(Signals.Sine(440, 2, amplitude: 1.0), 22050);
        var half = Loudness.Compute(Signals.Sine(440, 2, amplitude: 0.5), 22050);
        Assert.Equal(-3.01, full.RmsLoudnessDb, 1);
        Assert.Equal(-3.01, full.LoudnessDb, 1);
        Assert.Equal(-6.02, half.RmsLoudnessDb - full.RmsLoudnessDb, 1);
        Assert.Equal(0.5, full.Energy, 2);
    }

    [Fact]
    public void Gated_loudness_ignores_silent_stretches_but_rms_does_not()
    {
        var tone = Signals.Sine(440, 2, amplitude: 0.5);
        var withSilence = tone.Concat(Signals.Silence(6)).ToArray();
        var a = Loudness.Compute(tone, 22050);
        var b = Loudness.Compute(withSilence, 22050);
        Assert.Equal(a.LoudnessDb, b.LoudnessDb, 0.5);
        Assert.Equal(10 * Math.Log10(2 / 8.0), b.RmsLoudnessDb - a.RmsLoudnessDb, 1);
    }

    [Theory]
    [InlineData(90)]
    [InlineData(120)]
    [InlineData(150)]
    public void The_onset_rate_of_a_click_track_is_its_beats_per_second(double bpm)
    {
        var d = Spectra.Describe(Signals.ClickTrack(bpm, 10));
        Assert.InRange(d.OnsetRate, bpm / 60 * 0.9, bpm / 60 * 1.1);
    }

    [Fact]
    public void Stationary_noise_has_almost_no_onsets()
    {
        var random = new Random(11);
        var noise = Enumerable.Range(0, 6 * 22050).Select(_ => (float)(random.NextDouble() - 0.5) * 0.4f).ToArray();
        var d = Spectra.Describe(noise);
        Assert.True(d.OnsetRate < 0.5, $"white noise: {d.OnsetRate:F2} onsets/s");
    }
}
