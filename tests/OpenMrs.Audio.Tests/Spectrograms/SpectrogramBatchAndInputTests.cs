using OpenMrs.Audio.Spectrograms;
using static TorchSharp.torch;

namespace OpenMrs.Audio.Tests.Spectrograms;

public sealed class SpectrogramBatchAndInputTests
{
    [Fact]
    public void A_batch_equals_its_items_computed_alone()
    {
        var signals = new[] { TestSignals.Music(8000, 1), TestSignals.Tone(250, 8000), TestSignals.Music(8000, 2) };
        using var computer = new SpectrogramComputer();
        using var batch = computer.LogMel(signals).cpu();
        Assert.Equal(new long[] { 3, 128, computer.Options.FrameCount(8000) }, batch.shape);
        for (var i = 0; i < signals.Length; i++)
        {
            using var alone = computer.LogMel(tensor(signals[i]).unsqueeze(0)).cpu();
            Assert.True(allclose(batch[i], alone[0], rtol: 0, atol: 1e-3));
        }
    }

    [Fact]
    public void Top_db_applies_per_spectrogram()
    {
        var loud = TestSignals.Tone(440, 8000, amplitude: 0.9);
        var quiet = TestSignals.Tone(440, 8000, amplitude: 0.0009); // 60 dB quieter
        using var computer = new SpectrogramComputer();
        using var batch = computer.LogMel([loud, quiet]).cpu();
        for (var i = 0; i < 2; i++)
        {
            var values = batch[i].data<float>().ToArray();
            Assert.Equal(values.Max() - 80, values.Min(), 2);
        }
    }

    [Fact]
    public void Bad_input_gives_argument_errors()
    {
        using var computer = new SpectrogramComputer();
        Assert.Throws<ArgumentException>(() => computer.PowerSpectrogram([]));
        Assert.Throws<ArgumentException>(() => computer.LogMel([new float[4000], new float[5000]]));
        Assert.Throws<ArgumentException>(() => computer.Mel(zeros(1, 10, 5)));
        Assert.Throws<ArgumentException>(() => new SpectrogramComputer(new SpectrogramOptions { FftSize = 1000 }));
        Assert.Throws<ArgumentException>(() => new SpectrogramComputer(new SpectrogramOptions { MaxFrequency = 20000 }));
    }

    [Fact]
    public void Signals_shorter_than_the_fft_are_zero_padded()
    {
        using var computer = new SpectrogramComputer();
        var power = computer.PowerSpectrogram(TestSignals.Tone(1000, 300));
        Assert.Equal(computer.Options.FrameCount(300), power.GetLength(0));
        Assert.Equal(1 + 2048 / 512, power.GetLength(0));
    }
}
