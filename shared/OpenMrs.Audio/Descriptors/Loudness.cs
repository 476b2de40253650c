namespace OpenMrs.Audio.Descriptors;

/// <param name="LoudnessDb">
/// Gated mean power of 400 ms blocks in dBFS: the two-stage gating of ITU-R BS.1770 without its K-weighting filter,
/// except that the first gate sits <see cref="SilenceGateDb"/> below the loudest block instead of at −70 dBFS, so
/// the value moves by exactly the gain applied to the signal (down to <see cref="FloorDb"/>).
/// </param>
/// <param name="RmsLoudnessDb">RMS level of the whole signal in dBFS; a full-scale sine is −3 dBFS.</param>
/// <param name="Energy">Mean squared amplitude (signal energy per sample), in [0, 1] for audio in [−1, 1].</param>
public sealed record Loudness(double LoudnessDb, double RmsLoudnessDb, double Energy)
{
    public const double FloorDb = -120;
    /// <summary>Blocks this far below the loudest block are silence (BS.1770's −70 dBFS absolute gate, made relative).</summary>
    public const double SilenceGateDb = -70;
    private const double RelativeGateDb = -10;
    private const double BlockSeconds = 0.4;

    public static Loudness Compute(ReadOnlySpan<float> samples, int sampleRate)
    {
        if (samples.IsEmpty) return new Loudness(FloorDb, FloorDb, 0);
        double total = 0;
        foreach (var x in samples) total += (double)x * x;
        var energy = total / samples.Length;
        return new Loudness(GatedLoudness(samples, sampleRate), ToDb(energy), energy);
    }

    private static double GatedLoudness(ReadOnlySpan<float> samples, int sampleRate)
    {
        var block = Math.Max(1, (int)(BlockSeconds * sampleRate));
        var step = Math.Max(1, block / 4);
        var powers = new List<double>();
        for (var start = 0; start == 0 || start + block <= samples.Length; start += step)
        {
            var window = samples.Slice(start, Math.Min(block, samples.Length - start));
            double sum = 0;
            foreach (var x in window) sum += (double)x * x;
            powers.Add(sum / window.Length);
        }
        // Gates compare powers, not clamped dB, so a quiet signal is gated exactly like a loud one.
        var silenceGate = powers.Max() * Math.Pow(10, SilenceGateDb / 10);
        var audible = powers.Where(p => p > silenceGate).ToList();
        if (audible.Count == 0) return ToDb(powers.Average());
        var relativeGate = audible.Average() * Math.Pow(10, RelativeGateDb / 10);
        var gated = audible.Where(p => p > relativeGate).ToList();
        return ToDb((gated.Count > 0 ? gated : audible).Average());
    }

    private static double ToDb(double power) => Math.Max(FloorDb, 10 * Math.Log10(power + 1e-30));
}
