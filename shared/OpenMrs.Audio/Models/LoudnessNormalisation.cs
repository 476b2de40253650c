using OpenMrs.Audio.Descriptors;

namespace OpenMrs.Audio.Models;

/// <summary>
/// The level every waveform is brought to before its log-mel reaches a CNN: a single gain that sets the whole
/// waveform's gated loudness (<see cref="Loudness"/>, BS.1770-style) to <see cref="TargetDb"/>. It makes embeddings
/// independent of the recording's overall gain (a copy 40 dB quieter embeds like the original, up to float rounding).
/// Log-mel training inputs for <see cref="AudioCnnTrainer"/> must be computed from waveforms normalised the same way.
/// </summary>
public static class LoudnessNormalisation
{
    /// <summary>Target gated loudness in dBFS; −14 is the level streaming services normalise mastered music to.</summary>
    public const double TargetDb = -14;

    /// <summary>The linear gain that brings <paramref name="waveform"/> (mono, <paramref name="sampleRate"/> Hz) to <see cref="TargetDb"/>; 1 for digital silence.</summary>
    public static float GainFor(ReadOnlySpan<float> waveform, int sampleRate)
    {
        var loudness = Loudness.Compute(waveform, sampleRate).LoudnessDb;
        return loudness <= Loudness.FloorDb ? 1f : (float)Math.Pow(10, (TargetDb - loudness) / 20);
    }

    /// <summary>A copy of <paramref name="waveform"/> at <see cref="TargetDb"/>.</summary>
    public static float[] Normalise(ReadOnlySpan<float> waveform, int sampleRate)
    {
        var result = waveform.ToArray();
        Scale(result, GainFor(waveform, sampleRate));
        return result;
    }

    /// <summary>Multiplies every sample by <paramref name="gain"/> in place.</summary>
    public static void Scale(Span<float> samples, float gain)
    {
        if (gain == 1f) return;
        for (var i = 0; i < samples.Length; i++) samples[i] *= gain;
    }
}
