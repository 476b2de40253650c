using TorchSharp;
using static TorchSharp.torch;

namespace OpenMrs.Audio.Spectrograms;

/// <summary>STFT power, mel and log-mel spectrograms on TorchSharp, batched, on the device given.</summary>
public sealed class SpectrogramComputer : IDisposable
{
    public SpectrogramComputer(SpectrogramOptions? options = null, Device? device = null)
    {
        Options = options ?? new SpectrogramOptions();
        Device = device ?? CPU;
    }

    public SpectrogramOptions Options { get; }
    public Device Device { get; }

    /// <summary>|STFT|² of waveforms [batch, samples] → [batch, bins, frames], Hann window.</summary>
    public Tensor Power(Tensor waveforms) => throw new NotImplementedException();

    /// <summary>Mel power [batch, mels, frames] from <see cref="Power"/>'s output.</summary>
    public Tensor Mel(Tensor power) => throw new NotImplementedException();

    /// <summary>Log-mel in dB [batch, mels, frames] straight from waveforms [batch, samples].</summary>
    public Tensor LogMel(Tensor waveforms) => throw new NotImplementedException();

    /// <summary>Convenience for one mono signal: power spectrogram as [frames, bins] on the CPU.</summary>
    public float[,] PowerSpectrogram(float[] samples) => throw new NotImplementedException();

    public void Dispose() { }
}
