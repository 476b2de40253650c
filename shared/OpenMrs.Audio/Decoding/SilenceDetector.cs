namespace OpenMrs.Audio.Decoding;

/// <summary>
/// Decides whether a decoded signal carries anything above the noise floor. A signal is silent when it is empty,
/// digital silence, or its peak deviation from its mean is at most <see cref="NoiseFloorPeak"/>: 4 LSB of 16-bit PCM
/// (4 / 32,768, −78.3 dBFS). 16-bit is the resolution music is delivered at (CD, and the masters of lossy files); a
/// silent 16-bit file carries only dither (TPDF: ±1 LSB, noise-shaped: a few LSB), so a peak of at most 4 LSB is
/// the noise floor. The level of the signal is deliberately not judged otherwise (no RMS floor): a quiet recording
/// is as good as a loud one, and every descriptor except the loudness ones is gain-invariant (services/Features/README.md).
/// The mean is removed first because a constant offset (DC) is not sound.
/// </summary>
public static class SilenceDetector
{
    /// <summary>4 LSB of 16-bit PCM: a peak at or below this is dither or quantisation noise, not content.</summary>
    public const float NoiseFloorPeak = 4f / 32768;

    /// <summary>The noise floor in dBFS (≈ −78.3).</summary>
    public static double NoiseFloorDb => 20 * Math.Log10(NoiseFloorPeak);

    /// <summary>True for an empty signal, digital silence or a peak (about the mean) at or below <see cref="NoiseFloorPeak"/>.</summary>
    public static bool IsSilent(ReadOnlySpan<float> samples)
    {
        if (samples.IsEmpty) return true;
        double sum = 0;
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var x in samples)
        {
            sum += x;
            if (x < min) min = x;
            if (x > max) max = x;
        }
        var mean = sum / samples.Length;
        return Math.Max(max - mean, mean - min) <= NoiseFloorPeak;
    }
}
