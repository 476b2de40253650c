using OpenMrs.Audio.Descriptors;
using OpenMrs.Testing.TestAudio;

namespace OpenMrs.Audio.Tests.Descriptors;

public sealed class TempoTests
{
    private static readonly double[] Tempi = [70, 78, 85, 92, 100, 108, 115, 120, 126, 133, 140, 150, 160, 170, 180];

    [Fact]
    public void Click_tracks_from_70_to_180_bpm_are_within_4_percent()
    {
        var report = new List<string>();
        int correct = 0, octaveErrors = 0;
        foreach (var bpm in Tempi)
        {
            var samples = Signals.ClickTrack(bpm, 12, seed: (int)bpm);
            var estimate = new TempoEstimator().Estimate(OnsetStrength.Compute(Spectra.Of(samples)), 22050 / 512.0);
            var got = estimate?.Bpm ?? double.NaN;
            var error = Math.Abs(got - bpm) / bpm;
            if (error <= 0.04) correct++;
            else if (IsOctaveError(got, bpm)) octaveErrors++;
            report.Add($"{bpm}→{got:F1}");
        }
        Assert.True(correct >= Math.Ceiling(0.9 * Tempi.Length),
            $"{correct}/{Tempi.Length} within 4 % ({octaveErrors} octave errors): {string.Join(", ", report)}");
    }

    [Fact]
    public void Confidence_is_higher_for_a_steady_beat_than_for_noise()
    {
        var clicks = Signals.ClickTrack(120, 10);
        var random = new Random(7);
        var noise = Enumerable.Range(0, clicks.Length).Select(_ => (float)(random.NextDouble() - 0.5) * 0.5f).ToArray();

        var steady = Spectra.Describe(clicks).TempoConfidence ?? 0;
        var none = Spectra.Describe(noise).TempoConfidence ?? 0;
        Assert.True(steady > none + 0.2, $"confidence: click track {steady:F2}, noise {none:F2}");
    }

    [Fact]
    public void An_impulse_train_envelope_gives_its_period_without_any_spectrogram()
    {
        // 0.5 s period at 100 frames per second: 120 BPM, exactly on frame boundaries.
        var envelope = new double[1000];
        for (var t = 0; t < envelope.Length; t += 50) envelope[t] = 1;
        var estimate = new TempoEstimator().Estimate(envelope, 100);
        Assert.NotNull(estimate);
        Assert.Equal(120, estimate.Bpm, 1.0);
    }

    private static bool IsOctaveError(double got, double truth) =>
        new[] { 0.5, 2.0, 1 / 3.0, 3.0, 2 / 3.0, 1.5 }.Any(r => Math.Abs(got - truth * r) / (truth * r) <= 0.04);
}
