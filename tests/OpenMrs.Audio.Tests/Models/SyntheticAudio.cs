using OpenMrs.Audio.Spectrograms;
using static TorchSharp.torch;

namespace OpenMrs.Audio.Tests.Models;

/// <summary>Two synthetic classes with a known right answer: a low harmonic tone (class 0) or a high one (class 1), in noise.</summary>
internal static class SyntheticAudio
{
    public static float[] Clip(int label, int samples, int seed)
    {
        var random = new Random(seed);
        var fundamental = (label == 0 ? 150 : 2400) * (0.9 + 0.2 * random.NextDouble());
        var phase = random.NextDouble() * 2 * Math.PI;
        var clip = new float[samples];
        for (var i = 0; i < samples; i++)
        {
            var t = i / 22050.0;
            clip[i] = (float)(0.3 * Math.Sin(2 * Math.PI * fundamental * t + phase) + 0.15 * Math.Sin(4 * Math.PI * fundamental * t)
                + 0.1 * (random.NextDouble() * 2 - 1));
        }
        return clip;
    }

    /// <summary>Log-mel inputs [count, mels, frames] and labels [count], alternating classes.</summary>
    public static (Tensor Inputs, Tensor Labels) LogMelDataset(SpectrogramOptions options, int frames, int count, int seed)
    {
        var samples = (frames - 1) * options.HopLength;
        var clips = Enumerable.Range(0, count).Select(i => Clip(i % 2, samples, seed * 1000 + i)).ToList();
        using var computer = new SpectrogramComputer(options);
        var inputs = computer.LogMel(clips).cpu();
        var labels = tensor(Enumerable.Range(0, count).Select(i => (long)(i % 2)).ToArray());
        return (inputs, labels);
    }
}
