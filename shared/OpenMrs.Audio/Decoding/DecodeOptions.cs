namespace OpenMrs.Audio.Decoding;

/// <summary>What to decode and the limits that keep a bad file from hanging or flooding the caller.</summary>
public sealed record DecodeOptions
{
    /// <summary>Output sample rate; the audio CNN and descriptors expect 22,050 Hz.</summary>
    public int SampleRate { get; init; } = 22050;

    /// <summary>Seconds to skip from the start of the file.</summary>
    public double StartSeconds { get; init; }

    /// <summary>Seconds to decode from <see cref="StartSeconds"/>; null decodes to the end.</summary>
    public double? DurationSeconds { get; init; }

    /// <summary>Decoded audio longer than this is rejected with <see cref="AudioDecodeFailure.TooLong"/>.</summary>
    public double MaxDurationSeconds { get; init; } = 20 * 60;

    /// <summary>Wall-clock bound on the ffmpeg process; it is killed when exceeded.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Reject signals that are silent (<see cref="SilenceDetector"/>) with <see cref="AudioDecodeFailure.Silent"/>.</summary>
    public bool RejectSilence { get; init; }

    /// <summary>Path of the ffmpeg executable; "ffmpeg" resolves through PATH.</summary>
    public string FfmpegPath { get; init; } = "ffmpeg";

    /// <summary>Decode PCM WAV in managed code instead of starting ffmpeg.</summary>
    public bool UseManagedWav { get; init; } = true;

    internal void Validate()
    {
        if (SampleRate is < 1000 or > 192000) throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "sample rate must be 1,000–192,000 Hz");
        if (StartSeconds < 0 || !double.IsFinite(StartSeconds)) throw new ArgumentOutOfRangeException(nameof(StartSeconds), StartSeconds, "start must be a finite, non-negative number of seconds");
        if (DurationSeconds is { } d && (d <= 0 || !double.IsFinite(d))) throw new ArgumentOutOfRangeException(nameof(DurationSeconds), d, "duration must be positive");
        if (MaxDurationSeconds <= 0) throw new ArgumentOutOfRangeException(nameof(MaxDurationSeconds), MaxDurationSeconds, "maximum duration must be positive");
        if (Timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "timeout must be positive");
    }
}
