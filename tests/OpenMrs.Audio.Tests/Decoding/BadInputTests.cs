using OpenMrs.Audio.Decoding;
using OpenMrs.Testing.TestAudio;

namespace OpenMrs.Audio.Tests.Decoding;

public sealed class BadInputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static async Task<AudioDecodeFailure> FailureOf(string path, DecodeOptions? options = null)
    {
        var error = await Assert.ThrowsAsync<AudioDecodeException>(() => new AudioDecoder(options).DecodeAsync(path));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        return error.Reason;
    }

    [Fact]
    public async Task A_missing_file_is_FileNotFound() =>
        Assert.Equal(AudioDecodeFailure.FileNotFound, await FailureOf(_dir.File("nope.flac")));

    [Fact]
    public async Task A_zero_byte_file_is_Empty()
    {
        var path = _dir.File("zero.wav");
        await File.WriteAllBytesAsync(path, []);
        Assert.Equal(AudioDecodeFailure.Empty, await FailureOf(path));
    }

    [Fact]
    public async Task A_text_file_named_mp3_is_unreadable()
    {
        var path = _dir.File("notes.mp3");
        await File.WriteAllTextAsync(path, "these are my notes, not an mp3\n" + new string('x', 5000));
        Assert.Contains(await FailureOf(path), new[] { AudioDecodeFailure.Unreadable, AudioDecodeFailure.UnsupportedFormat });
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.02)]
    public async Task A_truncated_flac_is_Unreadable(double keptFraction)
    {
        var source = await File.ReadAllBytesAsync(TestAudioFiles.Get("loop_amen.flac"));
        var path = _dir.File("truncated.flac");
        await File.WriteAllBytesAsync(path, source[..(int)(source.Length * keptFraction)]);
        Assert.Equal(AudioDecodeFailure.Unreadable, await FailureOf(path));
    }

    [Fact]
    public async Task Ten_minutes_of_silence_is_Silent_when_silence_is_rejected()
    {
        var path = _dir.File("silence.wav");
        WavWriter.Write(path, Signals.Silence(600), 22050);

        Assert.Equal(AudioDecodeFailure.Silent, await FailureOf(path, new DecodeOptions { RejectSilence = true }));
        var accepted = await new AudioDecoder().DecodeAsync(path);
        Assert.Equal(600 * 22050, accepted.Samples.Length);
    }

    [Fact]
    public async Task Dither_alone_is_Silent()
    {
        // TPDF dither of a silent 16-bit master: the sum of two uniform ±½ LSB values, rounded to −1, 0 or +1 LSB.
        var random = new Random(3);
        var dither = Enumerable.Range(0, 5 * 22050).Select(_ => (float)Math.Round(random.NextDouble() + random.NextDouble() - 1) / 32767).ToArray();
        var path = _dir.File("dither.wav");
        WavWriter.Write(path, dither, 22050);
        Assert.Equal(AudioDecodeFailure.Silent, await FailureOf(path, new DecodeOptions { RejectSilence = true }));
    }

    [Fact]
    public async Task A_constant_offset_alone_is_Silent()
    {
        var path = _dir.File("dc.wav");
        WavWriter.Write(path, Enumerable.Repeat(0.05f, 22050).ToArray(), 22050);
        Assert.Equal(AudioDecodeFailure.Silent, await FailureOf(path, new DecodeOptions { RejectSilence = true }));
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(6, false)]
    public async Task A_16_bit_tone_is_silent_only_at_the_noise_floor_of_4_LSB(int peakLsb, bool silent)
    {
        var tone = Signals.Sine(441, 2, amplitude: peakLsb / 32767.0).Select(x => MathF.Round(x * 32767) / 32767).ToArray();
        var path = _dir.File($"tone-{peakLsb}lsb.wav");
        WavWriter.Write(path, tone, 22050);
        var decoded = await new AudioDecoder().DecodeAsync(path);
        Assert.Equal(peakLsb / 32768.0, decoded.Samples.Max(), 1e-9);
        Assert.Equal(silent, SilenceDetector.IsSilent(decoded.Samples));
    }

    [Fact]
    public async Task Quiet_but_audible_audio_is_not_silent()
    {
        var path = _dir.File("quiet.wav");
        WavWriter.Write(path, Signals.Sine(440, 1, amplitude: 0.003), 22050, format: WavWriter.SampleFormat.Float32);
        var audio = await new AudioDecoder(new DecodeOptions { RejectSilence = true }).DecodeAsync(path);
        Assert.False(SilenceDetector.IsSilent(audio.Samples));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Audio_longer_than_the_limit_is_TooLong(bool managed)
    {
        var path = _dir.File("long.wav");
        WavWriter.Write(path, Signals.Sine(440, 10), 22050);
        Assert.Equal(AudioDecodeFailure.TooLong, await FailureOf(path, new DecodeOptions { MaxDurationSeconds = 4, UseManagedWav = managed }));
    }

    [Fact]
    public async Task A_decoder_that_hangs_is_killed_and_reported_as_Timeout()
    {
        var hanging = _dir.File("hanging-ffmpeg.sh");
        await File.WriteAllTextAsync(hanging, "#!/bin/sh\nexec sleep 60\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(hanging, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        var path = _dir.File("song.ogg");
        await File.WriteAllBytesAsync(path, [1, 2, 3, 4]);

        var options = new DecodeOptions { FfmpegPath = hanging, Timeout = TimeSpan.FromMilliseconds(500) };
        Assert.Equal(AudioDecodeFailure.Timeout, await FailureOf(path, options));
    }

    [Fact]
    public async Task A_missing_ffmpeg_is_DecoderUnavailable()
    {
        var path = _dir.File("song.ogg");
        await File.WriteAllBytesAsync(path, [1, 2, 3, 4]);
        Assert.Equal(AudioDecodeFailure.DecoderUnavailable, await FailureOf(path, new DecodeOptions { FfmpegPath = _dir.File("no-such-ffmpeg") }));
    }
}
