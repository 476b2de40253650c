namespace OpenMrs.Audio.Models;

/// <summary>Cutting waveforms and log-mel frame ranges to a model's input size.</summary>
public static class WaveformFraming
{
    /// <summary>The middle <paramref name="samples"/> samples, zero-padded at the end when the signal is shorter.</summary>
    public static float[] CentreCrop(float[] waveform, int samples)
    {
        var result = new float[samples];
        if (waveform.Length >= samples) Array.Copy(waveform, (waveform.Length - samples) / 2, result, 0, samples);
        else Array.Copy(waveform, result, waveform.Length);
        return result;
    }

    /// <summary>
    /// The model's input waveform: a copy (centre-cropped or zero-padded to <see cref="AudioCnnSpec.SamplesPerInput"/>
    /// when <paramref name="crop"/>) scaled by the gain that brings the whole waveform to
    /// <see cref="LoudnessNormalisation.TargetDb"/>. Embedding and training both prepare inputs this way.
    /// </summary>
    public static float[] Levelled(float[] waveform, AudioCnnSpec spec, bool crop)
    {
        var copy = crop ? CentreCrop(waveform, spec.SamplesPerInput) : (float[])waveform.Clone();
        LoudnessNormalisation.Scale(copy, LoudnessNormalisation.GainFor(waveform, spec.SampleRate));
        return copy;
    }

    /// <summary>Start frames of half-overlapping patches over <paramref name="frames"/> frames, with <paramref name="trimFraction"/> of them dropped at each end.</summary>
    public static IReadOnlyList<int> PatchStarts(int frames, int patchFrames, double trimFraction)
    {
        var hop = Math.Max(1, patchFrames / 2);
        var starts = new List<int>();
        for (var start = 0; start + patchFrames <= frames; start += hop) starts.Add(start);
        if (starts.Count == 0) starts.Add(0);
        var trim = (int)Math.Floor(starts.Count * trimFraction);
        return starts.Count - 2 * trim >= 1 ? starts.GetRange(trim, starts.Count - 2 * trim) : starts;
    }

    /// <summary>Throws <see cref="ArgumentException"/> for a missing, empty or non-finite waveform.</summary>
    public static void Validate(float[]? waveform, int index)
    {
        if (waveform is null || waveform.Length == 0)
            throw new ArgumentException($"Waveform {index} is empty.");
        for (var i = 0; i < waveform.Length; i++)
            if (!float.IsFinite(waveform[i]))
                throw new ArgumentException($"Waveform {index} has a non-finite sample at {i}.");
    }
}
