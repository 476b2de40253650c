namespace OpenMrs.Audio.Spectrograms;

public enum MelScale { Slaney, Htk }

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
    /// <summary>Power floor before the dB conversion (10·log10(max(p, floor))).</summary>
    public double PowerFloor { get; init; } = 1e-10;
    /// <summary>When set, dB values are clipped to (max − TopDb) per spectrogram.</summary>
    public double? TopDb { get; init; } = 80;
    /// <summary>Pad the signal by FftSize/2 on both sides so frame t is centred on sample t·hop.</summary>
    public bool Center { get; init; } = true;

    public int FrequencyBins => FftSize / 2 + 1;
}
