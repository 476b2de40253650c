using System.Text.Json;
using OpenMrs.Audio.Decoding;
using OpenMrs.Audio.Extraction;
using OpenMrs.Audio.Models;
using OpenMrs.Features.Configuration;
using OpenMrs.Features.Embedding;
using OpenMrs.ServiceDefaults.Cli;

namespace OpenMrs.Features.Cli;

/// <summary>
/// <c>extract FILE… [--json] [--model WEIGHTS] [--seed N]</c>: descriptors and embedding norm per file. Exit code 0
/// when every file was extracted, 1 when any failed (each failure printed with its reason), 2 for bad usage.
/// </summary>
public static class ExtractCommand
{
    public const string Name = "extract";

    /// <summary>The option synopsis shown by the Features usage.</summary>
    public const string Options = "FILE... [--json] [--model WEIGHTS] [--seed N]";

    /// <summary>This command as a verb of the Features entry point, writing to <paramref name="output"/> and <paramref name="errors"/>.</summary>
    public static Verb Verb(TextWriter output, TextWriter errors) =>
        new(Name, "descriptors (tempo, key, loudness, spectral shape) and the CNN embedding norm of audio files", Options,
            (args, cancel) => RunAsync(args, output, errors, cancel))
        {
            Details = "--json prints one JSON array with an object per file. Exit code: 0 all extracted, 1 any file failed, 2 bad usage.\n" +
                      "Without --model the embedding comes from the seeded random initialisation.",
        };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken cancellationToken = default)
    {
        var files = new List<string>();
        bool json = false;
        string? model = null;
        var seed = new FeaturesOptions().RandomSeed;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json": json = true; break;
                case "--model" when i + 1 < args.Length: model = args[++i]; break;
                case "--seed" when i + 1 < args.Length && int.TryParse(args[i + 1], out seed): i++; break;
                case var a when a.StartsWith("--", StringComparison.Ordinal):
                    errors.WriteLine($"unknown option {a}");
                    return Usage(errors);
                default: files.Add(args[i]); break;
            }
        }
        if (files.Count == 0) return Usage(errors);

        using var embedder = TryCreateEmbedder(model, seed, errors);
        if (embedder is null) return 2;
        using var extractor = new FeatureExtractor(FeatureExtractorProvider.DecodeOptionsFrom(new FeaturesOptions()), embedder);
        var results = await extractor.ExtractAsync(files, cancellationToken);

        if (json) output.WriteLine(JsonSerializer.Serialize(results.Select(ToJson), Json));
        else foreach (var r in results) WriteText(output, r);
        foreach (var r in results.Where(r => !r.Succeeded)) errors.WriteLine($"{r.Path}: {r.Error!.Reason}: {r.Error.Message}");
        return results.All(r => r.Succeeded) ? 0 : 1;
    }

    /// <summary>The embedder of <c>--model</c> (or the seeded random one); null after printing why the weights cannot be used.</summary>
    private static AudioEmbedder? TryCreateEmbedder(string? model, int seed, TextWriter errors)
    {
        try
        {
            return AudioEmbedder.Create(new AudioEmbedderOptions { WeightsPath = model, Seed = seed, Architecture = new FeaturesOptions().Architecture });
        }
        catch (Exception e) when (e is AudioModelFormatException or FileNotFoundException)
        {
            errors.WriteLine($"{Name}: --model {model}: {e.Message}");
            return null;
        }
    }

    private static object ToJson(ExtractionResult r) => r.Succeeded
        ? new { file = r.Path, ok = true, descriptors = r.Features!.Descriptors, embeddingNorm = r.Features.EmbeddingNorm, embeddingDimension = r.Features.Embedding.Length, r.Features.EmbeddingModelVersion, r.Features.ExtractorVersion, r.Features.Decoder }
        : new { file = r.Path, ok = false, error = r.Error!.Reason.ToString(), message = r.Error.Message } as object;

    private static void WriteText(TextWriter output, ExtractionResult r)
    {
        if (!r.Succeeded)
        {
            output.WriteLine($"{r.Path}: FAILED {r.Error!.Reason}");
            return;
        }
        var f = r.Features!;
        var d = f.Descriptors;
        output.WriteLine($"{r.Path} ({f.Decoder}, {d.DurationSeconds:F1} s)");
        output.WriteLine($"  tempo {d.TempoBpm:F1} BPM (confidence {d.TempoConfidence:F2}), key {KeyName(d.Key, d.Mode)} (confidence {d.KeyConfidence:F3})");
        output.WriteLine($"  loudness {d.LoudnessDb:F1} dB, RMS {d.RmsLoudnessDb:F1} dBFS, energy {d.Energy:F4}, onsets {d.OnsetRate:F2}/s");
        output.WriteLine($"  centroid {d.SpectralCentroidHz:F0} Hz, rolloff {d.SpectralRolloffHz:F0} Hz, flatness {d.SpectralFlatness:F3}, zcr {d.ZeroCrossingRate:F3}");
        output.WriteLine($"  embedding {f.Embedding.Length}-d, norm {f.EmbeddingNorm:F3} ({f.EmbeddingModelVersion})");
    }

    private static string KeyName(int? key, int? mode)
    {
        string[] names = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];
        return key is { } k ? $"{names[k]} {(mode == 1 ? "major" : "minor")}" : "none";
    }

    private static int Usage(TextWriter errors)
    {
        errors.WriteLine($"usage: dotnet run -c Release --project services/Features -- {Name} {Options}");
        return 2;
    }
}
