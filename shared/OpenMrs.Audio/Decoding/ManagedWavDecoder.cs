namespace OpenMrs.Audio.Decoding;

/// <summary>
/// Decodes PCM and float WAV without starting a process: mixes all channels to mono and resamples with
/// <see cref="Resampler"/>. Returns null for what it does not handle so the caller falls back to ffmpeg.
/// </summary>
public static class ManagedWavDecoder
{
    public static DecodedAudio? TryDecode(string path, DecodeOptions options)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var format = WavHeaderParser.TryParse(stream);
        if (format is null) return null;
        if (format.SampleRate != options.SampleRate && !Resampler.Supports(format.SampleRate, options.SampleRate)) return null;

        var startFrame = Math.Min(format.FrameCount, (long)Math.Round(options.StartSeconds * format.SampleRate));
        var frames = format.FrameCount - startFrame;
        if (options.DurationSeconds is { } d) frames = Math.Min(frames, (long)Math.Round(d * format.SampleRate));
        if (frames > options.MaxDurationSeconds * format.SampleRate)
            throw new AudioDecodeException(AudioDecodeFailure.TooLong,
                $"{path}: {frames / (double)format.SampleRate:F0} s of audio exceeds the {options.MaxDurationSeconds:F0} s limit");

        var mono = WavSampleReader.ReadMono(stream, format, startFrame, frames);
        var samples = format.SampleRate == options.SampleRate ? mono : Resampler.Resample(mono, format.SampleRate, options.SampleRate);
        return new DecodedAudio(samples, options.SampleRate, "managed-wav");
    }
}
