namespace OpenMrs.Audio.Decoding;

/// <summary>
/// Turns an audio file into mono float samples: PCM/float WAV in managed code, everything else through ffmpeg.
/// Every failure is an <see cref="AudioDecodeException"/> with a <see cref="AudioDecodeFailure"/> reason.
/// </summary>
public sealed class AudioDecoder(DecodeOptions? options = null)
{
    public DecodeOptions Options { get; } = options ?? new DecodeOptions();

    /// <exception cref="AudioDecodeException">The file is missing, empty, unreadable, too long, silent (when rejected) or ffmpeg timed out.</exception>
    public async Task<DecodedAudio> DecodeAsync(string path, CancellationToken cancellationToken = default)
    {
        Options.Validate();
        var file = new FileInfo(path);
        if (!file.Exists) throw new AudioDecodeException(AudioDecodeFailure.FileNotFound, $"{path}: no such file");
        if (file.Length == 0) throw new AudioDecodeException(AudioDecodeFailure.Empty, $"{path}: the file is empty (0 bytes)");

        DecodedAudio? audio = null;
        try
        {
            if (Options.UseManagedWav) audio = ManagedWavDecoder.TryDecode(path, Options);
        }
        catch (IOException ex)
        {
            throw new AudioDecodeException(AudioDecodeFailure.Unreadable, $"{path}: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new AudioDecodeException(AudioDecodeFailure.Unreadable, $"{path}: {ex.Message}", ex);
        }
        audio ??= await FfmpegDecoder.DecodeAsync(path, Options, cancellationToken);

        if (audio.Samples.Length == 0)
            throw new AudioDecodeException(AudioDecodeFailure.Empty, $"{path}: no audio samples in the requested range");
        if (audio.DurationSeconds > Options.MaxDurationSeconds)
            throw new AudioDecodeException(AudioDecodeFailure.TooLong, $"{path}: {audio.DurationSeconds:F0} s of audio exceeds the {Options.MaxDurationSeconds:F0} s limit");
        if (Options.RejectSilence && SilenceDetector.IsSilent(audio.Samples))
            throw new AudioDecodeException(AudioDecodeFailure.Silent, $"{path}: the audio is silent (digital silence, or a peak at the noise floor: at most 4 LSB of 16-bit PCM, {SilenceDetector.NoiseFloorDb:F1} dBFS)");
        return audio;
    }
}
