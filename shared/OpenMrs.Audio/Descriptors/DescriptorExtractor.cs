namespace OpenMrs.Audio.Descriptors;

/// <summary>Computes every descriptor of one signal from its samples and its power spectrogram.</summary>
public sealed class DescriptorExtractor
{
    /// <summary>Bumped whenever a descriptor's definition changes, so stored features can be recomputed (2: relative loudness gate and flatness floor).</summary>
    public const string Version = "descriptors-2";

    public TempoEstimator Tempo { get; init; } = new();
    public OnsetDetector Onsets { get; init; } = new();

    public AudioDescriptors Compute(ReadOnlySpan<float> samples, PowerSpectrum spectrum)
    {
        var duration = (double)samples.Length / spectrum.SampleRate;
        var loudness = Loudness.Compute(samples, spectrum.SampleRate);
        var shape = SpectralShape.Compute(spectrum);
        var envelope = OnsetStrength.Compute(spectrum);
        var tempo = Tempo.Estimate(envelope, spectrum.FrameRate);
        var key = KeyEstimator.Estimate(Chroma.Compute(spectrum));
        var onsetCount = Onsets.Detect(envelope, spectrum.FrameRate).Count;

        return new AudioDescriptors(
            DurationSeconds: duration,
            LoudnessDb: loudness.LoudnessDb,
            RmsLoudnessDb: loudness.RmsLoudnessDb,
            TempoBpm: tempo?.Bpm,
            TempoConfidence: tempo?.Confidence,
            Key: key?.Tonic,
            Mode: key is null ? null : (int)key.Mode,
            KeyConfidence: key?.Confidence,
            Energy: loudness.Energy,
            SpectralCentroidHz: shape.CentroidHz,
            SpectralRolloffHz: shape.RolloffHz,
            SpectralFlatness: shape.Flatness,
            ZeroCrossingRate: ZeroCrossingRate.Compute(samples),
            OnsetRate: duration > 0 ? onsetCount / duration : 0);
    }
}
