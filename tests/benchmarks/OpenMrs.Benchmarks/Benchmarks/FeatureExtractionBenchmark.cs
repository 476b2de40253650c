using System.Diagnostics;
using OpenMrs.Audio.Decoding;
using OpenMrs.Audio.Extraction;
using OpenMrs.Audio.Models;
using OpenMrs.Testing.TestAudio;

namespace OpenMrs.Benchmarks.Benchmarks;

/// <summary>
/// `--bench features [--seconds 30] [--batch 8]`: decoding (managed WAV vs ffmpeg WAV/FLAC), descriptors, the
/// batched random-init CNN embedding, and the whole extractor, on synthetic 44.1 kHz stereo music-like audio.
/// </summary>
public sealed class FeatureExtractionBenchmark : IBenchmark
{
    public string Name => "features";
    public string Description => "audio decode (managed WAV vs ffmpeg), descriptors, CNN embedding and end-to-end extraction speed";
    public string Options => "[--seconds 30] [--batch 8]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var seconds = Option(args, "--seconds", 30);
        var batch = Option(args, "--batch", 8);
        var dir = Directory.CreateTempSubdirectory("openmrs-bench-features-").FullName;
        try
        {
            var wav = Path.Combine(dir, "track.wav");
            WavWriter.Write(wav, Signals.Interleave(Track(seconds, 44100, 0), Track(seconds, 44100, 1)), 44100, channels: 2);
            var flac = Path.Combine(dir, "track.flac");
            using (var convert = Process.Start(new ProcessStartInfo("ffmpeg", ["-v", "error", "-y", "-i", wav, flac]))!)
                await convert.WaitForExitAsync(cancellationToken);

            var managed = await TimeAsync(5, () => new AudioDecoder().DecodeAsync(wav, cancellationToken));
            var ffmpegWav = await TimeAsync(5, () => new AudioDecoder(new DecodeOptions { UseManagedWav = false }).DecodeAsync(wav, cancellationToken));
            var ffmpegFlac = await TimeAsync(5, () => new AudioDecoder().DecodeAsync(flac, cancellationToken));

            using var embedder = AudioEmbedder.Create(new AudioEmbedderOptions { Seed = 42, BatchSize = batch });
            using var extractor = new FeatureExtractor(embedder: embedder);
            var samples = (await extractor.DecodeAsync(wav, cancellationToken)).Samples;
            extractor.Describe(samples);
            var describe = await TimeAsync(5, () => Task.FromResult(extractor.Describe(samples)));
            var clips = Enumerable.Repeat(samples, batch).ToArray();
            extractor.Embed(clips);
            var embed = await TimeAsync(3, () => Task.FromResult(extractor.Embed(clips)));
            var files = Enumerable.Range(0, batch).Select(i => i % 2 == 0 ? wav : flac).ToArray();
            var endToEnd = await TimeAsync(2, () => extractor.ExtractAsync(files, cancellationToken));

            BenchmarkResults.Write("features", new
            {
                audioSeconds = seconds,
                batch,
                embeddingModel = embedder.ModelVersion,
                device = embedder.Device.ToString(),
                decodeManagedWavSeconds = managed,
                decodeFfmpegWavSeconds = ffmpegWav,
                decodeFfmpegFlacSeconds = ffmpegFlac,
                managedWavSpeedupOverFfmpeg = ffmpegWav / managed,
                descriptorsSecondsPerTrack = describe,
                embeddingSecondsPerBatch = embed,
                embeddingTracksPerSecond = batch / embed,
                endToEndSecondsPerBatch = endToEnd,
                endToEndTracksPerSecond = batch / endToEnd,
                realTimeFactorEndToEnd = seconds * batch / endToEnd,
            });
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Clicks at 124 BPM over an A-minor chord loop: something with a beat, a key and a spectrum.</summary>
    private static float[] Track(int seconds, int rate, int seed)
    {
        var clicks = Signals.ClickTrack(124, seconds, seed, rate);
        int[][] loop = [[57, 60, 64], [53, 57, 60], [55, 59, 62], [52, 56, 59]];
        var chords = Signals.ChordProgression(Enumerable.Range(0, seconds / 2 + 1).Select(i => loop[i % 4]).ToList(), 2.0, rate);
        return clicks.Select((c, i) => c + chords[i]).ToArray();
    }

    /// <summary>Median wall seconds of <paramref name="runs"/> runs.</summary>
    private static async Task<double> TimeAsync<T>(int runs, Func<Task<T>> action)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await action();
            times.Add(clock.Elapsed.TotalSeconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
    }
}
