using System.Diagnostics;
using System.Text.Json;
using OpenMrs.Audio.Decoding;
using OpenMrs.Audio.Descriptors;
using OpenMrs.Audio.Models;
using OpenMrs.Audio.Spectrograms;
using OpenMrs.Audio.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenMrs.Benchmarks.Benchmarks;

/// <summary>
/// `--bench audio [--tracks N] [--threads N]`: per-stage cost of feature extraction on 30 s clips (decode WAV managed
/// and via ffmpeg, log-mel, CNN forward at batch 1/8/32, descriptors), tracks/s and real-time factor per core
/// (audio seconds / (wall seconds × threads)), and the same CNN-A forward in Python PyTorch when /usr/bin/python3 has torch.
/// </summary>
public sealed class AudioExtractionBenchmark : IBenchmark
{
    private const int SampleRate = 22050;
    private const double ClipSeconds = 30;

    public string Name => "audio";
    public string Description => "decode, log-mel, CNN forward (batch 1/8/32), descriptors on 30 s clips; CPU (and GPU when present); PyTorch ratio";
    public string Options => "[--tracks 32] [--threads N]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var tracks = IntOption(args, "--tracks", 32);
        var runtime = TorchRuntime.EnsureInitialised(new TorchRuntimeOptions { Threads = IntOption(args, "--threads", Environment.ProcessorCount) });
        Console.WriteLine(runtime);
        var threads = runtime.Threads;
        var clips = Enumerable.Range(0, tracks).Select(Clip).ToList();
        var figures = new Dictionary<string, object>
        {
            ["device"] = runtime.Device.ToString(), ["threads"] = threads, ["tracks"] = tracks, ["clipSeconds"] = ClipSeconds,
        };
        Stage Per(string name, Measured time, int count) => Report(figures, name, time, count, threads);

        var wav = WriteWav(clips[0]);
        try
        {
            var decodes = Math.Min(tracks, 8);
            var managed = await TimeAsync(decodes, () => new AudioDecoder(new DecodeOptions { UseManagedWav = true }).DecodeAsync(wav, cancellationToken));
            Per("decodeWavManaged", managed, decodes);
            var ffmpeg = await TimeAsync(decodes, () => new AudioDecoder(new DecodeOptions { UseManagedWav = false }).DecodeAsync(wav, cancellationToken));
            Per("decodeFfmpeg", ffmpeg, decodes);

            using var computer = new SpectrogramComputer(device: runtime.Device);
            var logMelSeconds = Per("logMel_batch1", LogMelSeconds(computer, clips, 1), tracks).Time;
            foreach (var batch in new[] { 8, 32 }) Per($"logMel_batch{batch}", LogMelSeconds(computer, clips, batch), tracks);

            var descriptors = new DescriptorExtractor();
            var descriptorSeconds = Time(() =>
            {
                foreach (var clip in clips)
                    descriptors.Compute(clip, new PowerSpectrum(computer.PowerSpectrogram(clip), SampleRate, 2048, 512));
            });
            Per("descriptors", descriptorSeconds, tracks);

            var cnnA = new Dictionary<int, Stage>();
            using (var model = AudioEmbedder.CreateSeeded(TemporalConvCnn.DefaultSpec(), seed: 1))
            {
                model.to(runtime.Device).eval();
                foreach (var batch in new[] { 1, 8, 32 })
                    cnnA[batch] = Per($"cnnA_forward_batch{batch}", ForwardSeconds(model, batch, tracks, runtime.Device), tracks);
            }
            using (var model = AudioEmbedder.CreateSeeded(ShortChunkCnn.DefaultSpec(), seed: 1))
            {
                model.to(runtime.Device).eval();
                Per("cnnM_forward_batch8", ForwardSeconds(model, 8, tracks, runtime.Device), tracks);
            }
            using (var embedder = AudioEmbedder.Create(new AudioEmbedderOptions { Architecture = TemporalConvCnn.ArchitectureName, BatchSize = 8 }))
                Per("cnnA_embedder_with_logmel_batch8", Time(() => embedder.Embed(clips)), tracks);
            using (var embedder = AudioEmbedder.Create(new AudioEmbedderOptions { Architecture = PatchCnn.ArchitectureName, BatchSize = 8 }))
                Per("cnnC_embed_patches_with_logmel", Time(() => embedder.Embed(clips)), tracks);

            // Whole extraction with A: managed WAV decode + log-mel (per track) + forward (batch 8) + descriptors, per track.
            var whole = managed.Scaled((double)tracks / decodes) + logMelSeconds + cnnA[8].Time + descriptorSeconds;
            var total = Per("wholeExtraction_cnnA_batch8", whole, tracks);
            figures["targetRealTimePerCore"] = 100;
            figures["meetsTarget"] = total.RealTimePerCore >= 100;
            figures["meetsTargetByCpuTime"] = total.RealTimePerCpuSecond >= 100;
            figures["loadAverage"] = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";

            figures["pytorch"] = PythonComparison(threads, tracks, cnnA);
        }
        finally
        {
            File.Delete(wav);
        }
        BenchmarkResults.Write("audio-extraction", figures);
        return 0;
    }

    /// <summary>Wall seconds and this process's CPU seconds (user + system) over the same span.</summary>
    private readonly record struct Measured(double Wall, double Cpu)
    {
        public static Measured operator +(Measured a, Measured b) => new(a.Wall + b.Wall, a.Cpu + b.Cpu);
        public Measured Scaled(double factor) => new(Wall * factor, Cpu * factor);
    }

    private sealed record Stage(Measured Time, double TracksPerSecond, double RealTimePerCore, double RealTimePerCpuSecond);

    // Real time per core uses wall time × threads; on a shared machine the CPU-time figure is the contention-free view.
    private static Stage Report(Dictionary<string, object> figures, string name, Measured time, int count, int threads)
    {
        var audio = count * ClipSeconds;
        var stage = new Stage(time, count / time.Wall, audio / (time.Wall * threads), audio / time.Cpu);
        figures[name] = new
        {
            seconds = Math.Round(time.Wall, 4), cpuSeconds = Math.Round(time.Cpu, 4), tracksPerSecond = Math.Round(stage.TracksPerSecond, 2),
            realTimePerCore = Math.Round(stage.RealTimePerCore, 1), realTimePerCpuSecond = Math.Round(stage.RealTimePerCpuSecond, 1),
        };
        Console.WriteLine($"{name,-34} {time.Wall,8:F3} s  {stage.TracksPerSecond,8:F2} tracks/s  {stage.RealTimePerCore,8:F1}× real time per core  {stage.RealTimePerCpuSecond,8:F1}× per CPU second");
        return stage;
    }

    private static Measured LogMelSeconds(SpectrogramComputer computer, List<float[]> clips, int batch) => Time(() =>
    {
        for (var start = 0; start < clips.Count; start += batch)
            using (computer.LogMel(clips.GetRange(start, Math.Min(batch, clips.Count - start)))) { }
    });

    private static Measured ForwardSeconds(AudioCnn model, int batch, int tracks, Device device)
    {
        using var noGrad = no_grad();
        using var input = randn(batch, model.Spec.MelBands, model.Spec.Frames, device: device) * 20;
        using (model.Embed(input)) { } // warm-up
        var batches = Math.Max(1, tracks / batch);
        var seconds = Time(() =>
        {
            for (var i = 0; i < batches; i++) using (model.Embed(input)) { }
            if (device.type == TorchSharp.DeviceType.CUDA) cuda.synchronize();
        });
        return seconds.Scaled((double)tracks / (batches * batch));
    }

    private static object PythonComparison(int threads, int tracks, Dictionary<int, Stage> csharp)
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python) || Run(python, "-c \"import torch\"", out _) != 0) return "unavailable";
        var script = Path.Combine(Path.GetTempPath(), $"cnn_a_bench_{Environment.ProcessId}.py");
        File.WriteAllText(script, PythonScript);
        try
        {
            if (Run(python, $"{script} {threads} {tracks}", out var output) != 0) return new { error = output };
            var timings = JsonSerializer.Deserialize<Dictionary<string, double>>(output.Trim().Split('\n')[^1])!;
            return new
            {
                torchVersion = Run(python, "-c \"import torch; print(torch.__version__)\"", out var version) == 0 ? version.Trim() : "?",
                secondsPerTrack = timings,
                csharpSecondsPerTrack = csharp.ToDictionary(kv => $"batch{kv.Key}", kv => kv.Value.Time.Wall / tracks),
                pythonOverCsharpTime = csharp.ToDictionary(kv => $"batch{kv.Key}", kv => Math.Round(timings[$"batch{kv.Key}"] / (kv.Value.Time.Wall / tracks), 2)),
            };
        }
        finally
        {
            File.Delete(script);
        }
    }

    // The same architecture as TemporalConvCnn with random weights, timed on the same shapes and thread count.
    private const string PythonScript = """
        import json, sys, time, torch
        threads, tracks = int(sys.argv[1]), int(sys.argv[2])
        torch.set_num_threads(threads)
        net = torch.nn.Sequential(
            torch.nn.Conv1d(128, 32, 4), torch.nn.ReLU(), torch.nn.MaxPool1d(4),
            torch.nn.Conv1d(32, 64, 4), torch.nn.ReLU(), torch.nn.MaxPool1d(2),
            torch.nn.Conv1d(64, 64, 4), torch.nn.ReLU(), torch.nn.MaxPool1d(4),
            torch.nn.Conv1d(64, 64, 4), torch.nn.ReLU(), torch.nn.Flatten(),
            torch.nn.Linear(64 * 27, 128), torch.nn.ReLU(), torch.nn.Linear(128, 32), torch.nn.ReLU()).eval()
        result = {}
        with torch.no_grad():
            for batch in (1, 8, 32):
                x = torch.randn(batch, 128, 999) * 20
                net(x)
                batches = max(1, tracks // batch)
                start = time.perf_counter()
                for _ in range(batches):
                    net(x)
                result[f"batch{batch}"] = (time.perf_counter() - start) / (batches * batch)
        print(json.dumps(result))
        """;

    private static int Run(string file, string arguments, out string output)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        output = stdout.Result + (process.ExitCode != 0 ? stderr.Result : "");
        return process.ExitCode;
    }

    private static float[] Clip(int seed)
    {
        var random = new Random(seed);
        var samples = new float[(int)(ClipSeconds * SampleRate)];
        double f1 = 110 + random.Next(200), f2 = 440 + random.Next(800);
        for (var i = 0; i < samples.Length; i++)
        {
            var t = (double)i / SampleRate;
            var beat = Math.Exp(-8 * (t * 2 % 1)); // a 120 bpm pulse
            samples[i] = (float)(0.3 * Math.Sin(2 * Math.PI * f1 * t) + 0.2 * beat * Math.Sin(2 * Math.PI * f2 * t) + 0.05 * (random.NextDouble() * 2 - 1));
        }
        return samples;
    }

    private static string WriteWav(float[] samples)
    {
        var path = Path.Combine(Path.GetTempPath(), $"audio-bench-{Environment.ProcessId}.wav");
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write("RIFF"u8); writer.Write(36 + samples.Length * 2); writer.Write("WAVE"u8);
        writer.Write("fmt "u8); writer.Write(16); writer.Write((short)1); writer.Write((short)1);
        writer.Write(SampleRate); writer.Write(SampleRate * 2); writer.Write((short)2); writer.Write((short)16);
        writer.Write("data"u8); writer.Write(samples.Length * 2);
        foreach (var s in samples) writer.Write((short)Math.Clamp(s * 32767, -32768, 32767));
        return path;
    }

    private static Measured Time(Action action)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        action();
        return new Measured(watch.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    // ffmpeg runs in a child process: its CPU time is not in this process's figure, so that stage's CPU view is a lower bound.
    private static async Task<Measured> TimeAsync<T>(int repeats, Func<Task<T>> action)
    {
        await action(); // warm-up
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < repeats; i++) await action();
        return new Measured(watch.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    internal static int IntOption(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) && value > 0 ? value : fallback;
    }
}
