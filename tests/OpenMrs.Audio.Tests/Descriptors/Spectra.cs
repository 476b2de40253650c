using OpenMrs.Audio.Descriptors;
using OpenMrs.Audio.Spectrograms;

namespace OpenMrs.Audio.Tests.Descriptors;

/// <summary>Power spectra of test signals through the production spectrogram (n_fft 2048, hop 512, 22,050 Hz).</summary>
internal static class Spectra
{
    private static readonly Lazy<SpectrogramComputer> Computer = new(() => new SpectrogramComputer());

    public static PowerSpectrum Of(float[] samples)
    {
        var options = Computer.Value.Options;
        return new PowerSpectrum(Computer.Value.PowerSpectrogram(samples), options.SampleRate, options.FftSize, options.HopLength);
    }

    public static AudioDescriptors Describe(float[] samples) => new DescriptorExtractor().Compute(samples, Of(samples));
}
