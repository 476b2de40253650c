using System.Text.Json.Serialization;
using OpenMrs.Audio.Spectrograms;

namespace OpenMrs.Audio.Models;

/// <summary>Everything needed to rebuild a CNN and feed it: architecture, input, embedding and head. Stored in weight files.</summary>
public sealed record AudioCnnSpec
{
    public required string Architecture { get; init; }
    public int SampleRate { get; init; } = 22050;
    public int FftSize { get; init; } = 2048;
    public int HopLength { get; init; } = 512;
    public int MelBands { get; init; } = 128;
    public double MaxFrequency { get; init; } = 8000;
    public MelScale MelScale { get; init; } = MelScale.Slaney;
    /// <summary>Frames per model input (per patch for <see cref="AudioInputFraming.Patches"/>).</summary>
    public required int Frames { get; init; }
    public AudioInputFraming Framing { get; init; } = AudioInputFraming.CentreCrop;
    /// <summary>Fraction of patches dropped at each end of a track before averaging (Patches framing only).</summary>
    public double PatchTrimFraction { get; init; } = 0.15;
    public required int EmbeddingDimension { get; init; }
    public AudioHeadKind Head { get; init; }
    /// <summary>Regression targets, classes, or (Cosine) the factor dimension, which equals EmbeddingDimension.</summary>
    public required int Outputs { get; init; }
    /// <summary>Log-mel dB inputs are mapped to (dB − InputOffsetDb) / InputScaleDb; music at these FFT sizes spans about −40 to +40 dB.</summary>
    public double InputOffsetDb { get; init; }
    public double InputScaleDb { get; init; } = 20;

    [JsonIgnore]
    public SpectrogramOptions Spectrogram => new()
    {
        SampleRate = SampleRate, FftSize = FftSize, HopLength = HopLength, MelBands = MelBands,
        MaxFrequency = MaxFrequency, Scale = MelScale,
    };

    /// <summary>Samples that give exactly <see cref="Frames"/> centred frames.</summary>
    [JsonIgnore]
    public int SamplesPerInput => (Frames - 1) * HopLength;

    public void Validate()
    {
        if (Frames <= 0 || EmbeddingDimension <= 0 || Outputs <= 0)
            throw new ArgumentException($"{Architecture}: Frames, EmbeddingDimension and Outputs must be positive.");
        if (Head == AudioHeadKind.Cosine && Outputs != EmbeddingDimension)
            throw new ArgumentException($"{Architecture}: the cosine head predicts the embedding itself, so Outputs ({Outputs}) must equal EmbeddingDimension ({EmbeddingDimension}).");
        if (PatchTrimFraction is < 0 or >= 0.5) throw new ArgumentException($"{Architecture}: PatchTrimFraction must be in [0, 0.5).");
        if (InputScaleDb <= 0) throw new ArgumentException($"{Architecture}: InputScaleDb must be positive.");
        Spectrogram.Validate();
    }
}
