using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OpenMrs.Audio.Decoding;

/// <summary>
/// Decodes any format ffmpeg reads by running it as a process: float32 WAV on stdout at the requested rate with
/// the file's own channels, mixed to mono here by averaging, exactly as <see cref="ManagedWavDecoder"/> does
/// (ffmpeg's own <c>-ac 1</c> downmix gains stereo by √2, which would make loudness depend on the decoder). The process is killed when it outlives <see cref="DecodeOptions.Timeout"/> or writes more than
/// <see cref="DecodeOptions.MaxDurationSeconds"/> of audio; stderr becomes the reason of the typed error.
/// <c>-xerror</c> makes a decode error mid-file (a truncated or damaged stream) fail instead of returning part of it.
/// </summary>
public static class FfmpegDecoder
{
    private const int MaxStderrChars = 4000;

    public static async Task<DecodedAudio> DecodeAsync(string path, DecodeOptions options, CancellationToken cancellationToken = default)
    {
        var maxBytesPerChannel = (long)((options.MaxDurationSeconds + 1) * options.SampleRate) * sizeof(float);
        using var process = new Process { StartInfo = StartInfo(path, options) };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new AudioDecodeException(AudioDecodeFailure.DecoderUnavailable, $"cannot start '{options.FfmpegPath}': {ex.Message}", ex);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var stderrTask = ReadCappedAsync(process.StandardError);
        var output = new MemoryStream();
        var tooLong = false;
        try
        {
            tooLong = await CopyCappedAsync(process.StandardOutput.BaseStream, output, maxBytesPerChannel, timeout.Token);
            if (tooLong) Kill(process);
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new AudioDecodeException(AudioDecodeFailure.Timeout, $"{path}: ffmpeg did not finish within {options.Timeout.TotalSeconds:F0} s and was stopped");
        }
        var stderr = (await stderrTask).Trim();

        if (tooLong)
            throw new AudioDecodeException(AudioDecodeFailure.TooLong, $"{path}: audio exceeds the {options.MaxDurationSeconds:F0} s limit");
        if (process.ExitCode != 0)
            throw Classify(path, process.ExitCode, stderr);

        output.Position = 0;
        var format = WavHeaderParser.TryParse(output);
        if (format is null)
        {
            if (output.Length == 0) throw new AudioDecodeException(AudioDecodeFailure.Empty, $"{path}: ffmpeg found no audio to decode");
            throw new AudioDecodeException(AudioDecodeFailure.Unreadable, $"{path}: ffmpeg's output was not the expected WAV stream");
        }
        return new DecodedAudio(WavSampleReader.ReadMono(output, format, 0, format.FrameCount), options.SampleRate, "ffmpeg");
    }

    private static ProcessStartInfo StartInfo(string path, DecodeOptions options)
    {
        var info = new ProcessStartInfo(options.FfmpegPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
        };
        var args = info.ArgumentList;
        foreach (var a in new[] { "-nostdin", "-hide_banner", "-v", "error", "-xerror" }) args.Add(a);
        if (options.StartSeconds > 0) { args.Add("-ss"); args.Add(Seconds(options.StartSeconds)); }
        // The file: protocol keeps a name such as "concat:…" or "http://…" from selecting another ffmpeg input protocol.
        args.Add("-i"); args.Add("file:" + Path.GetFullPath(path));
        if (options.DurationSeconds is { } d) { args.Add("-t"); args.Add(Seconds(d)); }
        foreach (var a in new[] { "-vn", "-ar", options.SampleRate.ToString(CultureInfo.InvariantCulture), "-c:a", "pcm_f32le", "-f", "wav", "-" }) args.Add(a);
        return info;
    }

    private static AudioDecodeException Classify(string path, int exitCode, string stderr)
    {
        var reason = stderr.Contains("does not contain any stream", StringComparison.OrdinalIgnoreCase)
                     || stderr.Contains("matches no streams", StringComparison.OrdinalIgnoreCase)
            ? AudioDecodeFailure.UnsupportedFormat
            : AudioDecodeFailure.Unreadable;
        var detail = string.IsNullOrEmpty(stderr) ? $"ffmpeg exited with code {exitCode}" : LastLines(stderr, 3);
        var what = reason == AudioDecodeFailure.UnsupportedFormat ? "no audio stream" : "not decodable audio";
        return new AudioDecodeException(reason, $"{path}: {what} ({detail})");
    }

    /// <summary>Copies stdout until it ends; true (stop, too long) once it holds more than the limit for its channel count.</summary>
    private static async Task<bool> CopyCappedAsync(Stream source, MemoryStream destination, long maxBytesPerChannel, CancellationToken cancellationToken)
    {
        const int headerRoom = 4096;
        var buffer = new byte[1 << 16];
        int? channels = null;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            destination.Write(buffer, 0, read);
            if (channels is null && destination.Length >= 64)
            {
                var position = destination.Position;
                channels = WavHeaderParser.TryParse(destination)?.Channels;
                destination.Position = position;
            }
            if (destination.Length > maxBytesPerChannel * (channels ?? 1) + headerRoom) return true;
        }
        return false;
    }

    private static async Task<string> ReadCappedAsync(StreamReader reader)
    {
        var text = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
            if (text.Length < MaxStderrChars) text.Append(buffer, 0, Math.Min(read, MaxStderrChars - text.Length));
        return text.ToString();
    }

    private static string LastLines(string text, int count) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(count));

    private static string Seconds(double s) => s.ToString("0.######", CultureInfo.InvariantCulture);

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited between the check and the kill.
        }
    }
}
