using OpenMrs.Audio.Decoding;
using OpenMrs.Testing.TestAudio;

namespace OpenMrs.Audio.Tests.Decoding;

public sealed class ManagedWavDecoderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(WavWriter.SampleFormat.Pcm8, 1e-2)]
    [InlineData(WavWriter.SampleFormat.Pcm16, 1e-4)]
    [InlineData(WavWriter.SampleFormat.Pcm24, 1e-6)]
    [InlineData(WavWriter.SampleFormat.Pcm32, 1e-6)]
    [InlineData(WavWriter.SampleFormat.Float32, 1e-7)]
    public async Task Every_sample_format_decodes_to_the_written_signal(WavWriter.SampleFormat format, double tolerance)
    {
        var signal = Signals.Sine(440, 0.5);
        var path = _dir.File($"sine-{format}.wav");
        WavWriter.Write(path, signal, 22050, format: format);

        var audio = await new AudioDecoder().DecodeAsync(path);

        Assert.Equal("managed-wav", audio.Decoder);
        Assert.Equal(signal.Length, audio.Samples.Length);
        var worst = signal.Zip(audio.Samples, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= tolerance, $"{format}: largest error {worst} > {tolerance}");
    }

    [Fact]
    public async Task Channels_are_averaged_to_mono()
    {
        var left = Signals.Sine(300, 0.3, amplitude: 0.4);
        var right = Signals.Sine(700, 0.3, amplitude: 0.2);
        var path = _dir.File("stereo.wav");
        WavWriter.Write(path, Signals.Interleave(left, right), 22050, channels: 2, format: WavWriter.SampleFormat.Float32);

        var audio = await new AudioDecoder().DecodeAsync(path);

        Assert.Equal(left.Length, audio.Samples.Length);
        for (var i = 0; i < left.Length; i++) Assert.Equal((left[i] + right[i]) / 2, audio.Samples[i], 1e-6f);
    }

    [Fact]
    public async Task Managed_and_ffmpeg_decoding_agree()
    {
        var signal = Signals.ChordProgression([[60, 64, 67], [57, 60, 64]], 0.5);
        var path = _dir.File("chords.wav");
        WavWriter.Write(path, signal, 22050);

        var managed = await new AudioDecoder().DecodeAsync(path);
        var viaFfmpeg = await new AudioDecoder(new DecodeOptions { UseManagedWav = false }).DecodeAsync(path);

        Assert.Equal("ffmpeg", viaFfmpeg.Decoder);
        Assert.Equal(managed.Samples.Length, viaFfmpeg.Samples.Length);
        var worst = managed.Samples.Zip(viaFfmpeg.Samples, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst < 1e-6, $"largest difference {worst}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Start_offset_and_duration_select_the_requested_window(bool useFfmpeg)
    {
        // One click at 1.0 s in 3 s of silence: starting at 0.5 s puts it at 0.5 s into the result.
        var signal = new float[3 * 22050];
        signal[22050] = 0.9f;
        var path = _dir.File("impulse.wav");
        WavWriter.Write(path, signal, 22050, format: WavWriter.SampleFormat.Float32);

        var audio = await new AudioDecoder(new DecodeOptions { StartSeconds = 0.5, DurationSeconds = 1.0, UseManagedWav = !useFfmpeg }).DecodeAsync(path);

        Assert.InRange(audio.Samples.Length, 22050 - 2, 22050 + 2);
        var peakAt = Array.IndexOf(audio.Samples, audio.Samples.MaxBy(Math.Abs));
        Assert.InRange(peakAt, 11025 - 2, 11025 + 2);
    }
}
