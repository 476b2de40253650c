namespace OpenMrs.Audio.Spectrograms;

public enum MelScale { Slaney, Htk }

/// <summary>How each mel filter is scaled: Slaney divides by the filter's bandwidth (equal area, librosa's default).</summary>
public enum MelNormalisation { Slaney, None }

/// <summary>Spectrogram settings; the defaults are the audio CNN's input (ALGORITHMS.md A).</summary>
public sealed record SpectrogramOptions
{
    public int SampleRate { get; init; } = 22050;
    public int FftSize { get; init; } = 2048;
    public int HopLength { get; init; } = 512;
    public int MelBands { get; init; } = 128;
    public double MinFrequency { get; init; }
    public double MaxFrequency { get; init; } = 8000;
    public MelScale Scale { get; init; } = MelScale.Slaney;
    public MelNormalisation Normalisation { get; init; } = MelNormalisation.Slaney;
    /// <summary>Power floor before the dB conversion (10·log10(max(p, floor))).</summary>
    public double PowerFloor { get; init; } = 1e-10;
    /// <summary>When set, dB values are clipped to (max − TopDb) per spectrogram.</summary>
    public double? TopDb { get; init; } = 80;
    /// <summary>Pad the signal by FftSize/2 on both sides (reflecting) so frame t is centred on sample t·hop.</summary>
    public bool Center { get; init; } = true;

    public int FrequencyBins => FftSize / 2 + 1;

    /// <summary>Frames produced for a signal of this many samples (short signals are zero-padded to FftSize first).</summary>
    public int FrameCount(int samples)
    {
        var length = Math.Max(samples, FftSize);
        return Center ? 1 + length / HopLength : 1 + (length - FftSize) / HopLength;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent setting.</summary>
    public void Validate()
    {
        if (SampleRate <= 0) throw new ArgumentException($"SampleRate must be positive, got {SampleRate}.");
        if (FftSize < 2 || (FftSize & (FftSize - 1)) != 0) throw new ArgumentException($"FftSize must be a power of two ≥ 2, got {FftSize}.");
        if (HopLength <= 0) throw new ArgumentException($"HopLength must be positive, got {HopLength}.");
        if (MelBands <= 0) throw new ArgumentException($"MelBands must be positive, got {MelBands}.");
        if (MinFrequency < 0 || MaxFrequency <= MinFrequency || MaxFrequency > SampleRate / 2.0)
            throw new ArgumentException($"Need 0 ≤ MinFrequency < MaxFrequency ≤ SampleRate/2, got {MinFrequency}..{MaxFrequency} Hz at {SampleRate} Hz.");
        if (PowerFloor <= 0) throw new ArgumentException($"PowerFloor must be positive, got {PowerFloor}.");
        if (TopDb is < 0) throw new ArgumentException($"TopDb must be non-negative, got {TopDb}.");
    }
}
