namespace OpenMrs.Audio.Descriptors;

/// <summary>A power spectrogram [frames, bins] with the settings that give its axes meaning.</summary>
public sealed class PowerSpectrum
{
    public PowerSpectrum(float[,] power, int sampleRate, int fftSize, int hopLength)
    {
        ArgumentNullException.ThrowIfNull(power);
        if (power.GetLength(1) != fftSize / 2 + 1)
            throw new ArgumentException($"expected {fftSize / 2 + 1} frequency bins for FFT size {fftSize}, got {power.GetLength(1)}", nameof(power));
        Power = power;
        SampleRate = sampleRate;
        FftSize = fftSize;
        HopLength = hopLength;
    }

    public float[,] Power { get; }
    public int SampleRate { get; }
    public int FftSize { get; }
    public int HopLength { get; }

    public int Frames => Power.GetLength(0);
    public int Bins => Power.GetLength(1);
    public double FrameRate => (double)SampleRate / HopLength;

    public double BinFrequency(int bin) => (double)bin * SampleRate / FftSize;
}
