using OpenMrs.Audio.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenMrs.Audio.Spectrograms;

/// <summary>
/// STFT power, mel and log-mel spectrograms on TorchSharp, batched, on the device given (librosa conventions:
/// periodic Hann window, reflect padding when centred, Slaney mel filters, power_to_db with amin and top_db).
/// Signals shorter than FftSize are zero-padded to FftSize. Thread-safe: the window and filterbank are read-only.
/// </summary>
public sealed class SpectrogramComputer : IDisposable
{
    private readonly Tensor _window;
    private readonly Tensor _filterbank;
    private readonly int _melBins; // bins past the top filter's upper edge have zero weight: left out of the product

    public SpectrogramComputer(SpectrogramOptions? options = null, Device? device = null)
    {
        Options = options ?? new SpectrogramOptions();
        Options.Validate();
        Device = device ?? TorchRuntime.EnsureInitialised().Device;
        _window = hann_window(Options.FftSize, periodic: true, dtype: float32, device: Device);
        var weights = MelFilterbank.Create(Options);
        _melBins = LastNonZeroColumn(weights) + 1;
        using var full = tensor(weights, dtype: float32, device: Device);
        _filterbank = full.narrow(1, 0, _melBins).contiguous();
    }

    public SpectrogramOptions Options { get; }
    public Device Device { get; }

    /// <summary>|STFT|² of waveforms [batch, samples] (or [samples]) → [batch, bins, frames], Hann window.</summary>
    public Tensor Power(Tensor waveforms)
    {
        ArgumentNullException.ThrowIfNull(waveforms);
        if (waveforms.dim() is not (1 or 2))
            throw new ArgumentException($"Waveforms must be [samples] or [batch, samples], got shape [{string.Join(", ", waveforms.shape)}].", nameof(waveforms));
        using var scope = NewDisposeScope();
        var signal = waveforms.dim() == 1 ? waveforms.unsqueeze(0) : waveforms;
        signal = signal.to(float32).to(Device);
        var samples = signal.shape[1];
        if (samples == 0) throw new ArgumentException("Waveforms have no samples.", nameof(waveforms));
        if (samples < Options.FftSize) signal = nn.functional.pad(signal, [0, Options.FftSize - samples]);
        var spectrum = stft(signal, Options.FftSize, hop_length: Options.HopLength, win_length: Options.FftSize, window: _window,
            center: Options.Center, pad_mode: PaddingModes.Reflect, normalized: false, onesided: true, return_complex: true);
        // re² + im² elementwise: summing view_as_real's trailing pair is a slow size-2 reduction on the CPU.
        return spectrum.real.square().add_(spectrum.imag.square()).MoveToOuterDisposeScope();
    }

    /// <summary>Mel power [batch, mels, frames] from <see cref="Power"/>'s output.</summary>
    public Tensor Mel(Tensor power)
    {
        ArgumentNullException.ThrowIfNull(power);
        if (power.dim() != 3 || power.shape[1] != Options.FrequencyBins)
            throw new ArgumentException($"Power must be [batch, {Options.FrequencyBins}, frames], got [{string.Join(", ", power.shape)}].", nameof(power));
        return matmul(_filterbank, power.narrow(1, 0, _melBins));
    }

    /// <summary>10·log10(max(p, floor)), clipped per spectrogram (first dimension) to its max − TopDb when set.</summary>
    public Tensor PowerToDb(Tensor power)
    {
        ArgumentNullException.ThrowIfNull(power);
        using var scope = NewDisposeScope();
        var db = power.clamp_min(Options.PowerFloor).log10().mul_(10);
        if (Options.TopDb is { } topDb)
        {
            var perItem = db.reshape(db.shape[0], -1).amax([1]);
            var floor = (perItem - topDb).reshape([db.shape[0], .. Enumerable.Repeat(1L, (int)db.dim() - 1)]);
            db = maximum(db, floor);
        }
        return db.MoveToOuterDisposeScope();
    }

    /// <summary>Log-mel in dB [batch, mels, frames] straight from waveforms [batch, samples].</summary>
    public Tensor LogMel(Tensor waveforms)
    {
        using var scope = NewDisposeScope();
        return PowerToDb(Mel(Power(waveforms))).MoveToOuterDisposeScope();
    }

    /// <summary>Log-mel of equal-length signals [batch][samples] → [batch, mels, frames] on <see cref="Device"/>.</summary>
    public Tensor LogMel(IReadOnlyList<float[]> waveforms)
    {
        using var scope = NewDisposeScope();
        return LogMel(Stack(waveforms)).MoveToOuterDisposeScope();
    }

    /// <summary>Convenience for one mono signal: power spectrogram as [frames, bins] on the CPU.</summary>
    public float[,] PowerSpectrogram(float[] samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        using var scope = NewDisposeScope();
        return ToArray2D(Power(tensor(samples)).squeeze(0).t());
    }

    /// <summary>Convenience for one mono signal: log-mel in dB as [mels, frames] on the CPU.</summary>
    public float[,] LogMelSpectrogram(float[] samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        using var scope = NewDisposeScope();
        return ToArray2D(LogMel(tensor(samples)).squeeze(0));
    }

    private static Tensor Stack(IReadOnlyList<float[]> waveforms)
    {
        ArgumentNullException.ThrowIfNull(waveforms);
        if (waveforms.Count == 0) throw new ArgumentException("No waveforms given.", nameof(waveforms));
        var length = waveforms[0].Length;
        var flat = new float[(long)waveforms.Count * length];
        for (var i = 0; i < waveforms.Count; i++)
        {
            if (waveforms[i].Length != length)
                throw new ArgumentException($"Waveforms in one batch must have equal lengths: [0] has {length} samples, [{i}] has {waveforms[i].Length}.", nameof(waveforms));
            waveforms[i].CopyTo(flat, (long)i * length);
        }
        return tensor(flat, [waveforms.Count, length]);
    }

    private static int LastNonZeroColumn(double[,] weights)
    {
        for (var k = weights.GetLength(1) - 1; k >= 0; k--)
            for (var m = 0; m < weights.GetLength(0); m++)
                if (weights[m, k] != 0) return k;
        return 0;
    }

    private static float[,] ToArray2D(Tensor matrix)
    {
        var cpu = matrix.contiguous().cpu();
        var result = new float[cpu.shape[0], cpu.shape[1]];
        var values = cpu.data<float>().ToArray();
        Buffer.BlockCopy(values, 0, result, 0, values.Length * sizeof(float));
        return result;
    }

    public void Dispose()
    {
        _window.Dispose();
        _filterbank.Dispose();
    }
}
