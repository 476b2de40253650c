using System.Diagnostics;
using System.Globalization;

namespace OpenMrs.Testing.TestAudio;

/// <summary>Runs the real ffmpeg (from PATH) to make derived test files: other sample rates, gains and formats.</summary>
public static class Ffmpeg
{
    /// <summary>
    /// Writes <paramref name="input"/> to <paramref name="output"/> with a pure gain of <paramref name="gainDb"/>
    /// (ffmpeg's <c>volume</c> filter in float) at <paramref name="sampleRate"/> (ffmpeg's own resampler) as mono
    /// <paramref name="codec"/> (default 32-bit float WAV, so no quantisation is added).
    /// </summary>
    /// <exception cref="InvalidOperationException">ffmpeg failed; the message holds its error output.</exception>
    public static void Convert(string input, string output, double gainDb = 0, int? sampleRate = null, string codec = "pcm_f32le")
    {
        var args = new List<string> { "-v", "error", "-y", "-i", input, "-af", $"volume={gainDb.ToString("R", CultureInfo.InvariantCulture)}dB:precision=double", "-ac", "1" };
        if (sampleRate is { } rate) args.AddRange(["-ar", rate.ToString(CultureInfo.InvariantCulture)]);
        args.AddRange(["-c:a", codec, output]);
        Run(args);
    }

    public static void Run(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"ffmpeg {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {stderr.Result.Trim()}");
    }
}
