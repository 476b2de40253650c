using OpenMrs.Audio.Decoding;
using OpenMrs.Audio.Models;
using OpenMrs.Audio.Spectrograms;
using OpenMrs.Testing.TestAudio;

namespace OpenMrs.Audio.Tests.RealAudio;

/// <summary>
/// Clips of one sample family (bd_, hat_, ambi_, loop_, tabla_) should lie closer together than clips of different
/// families. Measured on two representations: log-mel statistics (per-band mean and standard deviation) and the
/// randomly initialised CNN embedding ("cnn-m", seed 1), the stand-in the service uses before a trained model exists.
/// </summary>
public sealed class FamilySimilarityTests(FamilySimilarityTests.Clips clips) : IClassFixture<FamilySimilarityTests.Clips>
{
    private static readonly string[] Families = ["bd", "hat", "ambi", "loop", "tabla"];
    private const int PerFamily = 4;

    /// <summary>The clips, decoded once for both representations.</summary>
    public sealed class Clips
    {
        public (string Family, float[] Samples)[] All { get; } = LoadAsync().GetAwaiter().GetResult();
    }

    private static async Task<(string Family, float[] Samples)[]> LoadAsync()
    {
        var decoder = new AudioDecoder(new DecodeOptions { DurationSeconds = 10 });
        var picked = TestAudioFiles.All()
            .Where(f => f.EndsWith(".flac", StringComparison.Ordinal))
            .GroupBy(TestAudioFiles.FamilyOf)
            .Where(g => Families.Contains(g.Key))
            .SelectMany(g => g.Take(PerFamily))
            .ToList();
        var loaded = new List<(string, float[])>();
        foreach (var file in picked) loaded.Add((TestAudioFiles.FamilyOf(file), (await decoder.DecodeAsync(file)).Samples));
        return [.. loaded];
    }

    [Fact]
    public void Log_mel_statistics_put_same_family_clips_closer()
    {
        var all = clips.All;
        using var spectrograms = new SpectrogramComputer();
        var vectors = all.Select(c => LogMelStatistics(spectrograms.LogMelSpectrogram(c.Samples))).ToArray();
        var (within, between) = MeanDistances(all.Select(c => c.Family).ToArray(), vectors);
        Assert.True(within < between, $"log-mel statistics: mean distance within families {within:F3}, between {between:F3}");
    }

    [Fact]
    public void Random_init_cnn_embeddings_put_same_family_clips_closer()
    {
        var all = clips.All;
        using var embedder = AudioEmbedder.Create(new AudioEmbedderOptions { Seed = 1 });
        Assert.False(embedder.IsTrained);
        var vectors = embedder.Embed(all.Select(c => c.Samples).ToArray()).Select(v => v.Select(x => (double)x).ToArray()).ToArray();
        var (within, between) = MeanDistances(all.Select(c => c.Family).ToArray(), vectors);
        Assert.True(within < between, $"{embedder.ModelVersion}: mean cosine distance within families {within:F4}, between {between:F4}");
    }

    private static double[] LogMelStatistics(float[,] logMel)
    {
        int bands = logMel.GetLength(0), frames = logMel.GetLength(1);
        var stats = new double[2 * bands];
        for (var b = 0; b < bands; b++)
        {
            double sum = 0, sumSq = 0;
            for (var t = 0; t < frames; t++) { sum += logMel[b, t]; sumSq += (double)logMel[b, t] * logMel[b, t]; }
            var mean = sum / frames;
            stats[b] = mean;
            stats[bands + b] = Math.Sqrt(Math.Max(0, sumSq / frames - mean * mean));
        }
        return stats;
    }

    private static (double Within, double Between) MeanDistances(string[] families, double[][] vectors)
    {
        double within = 0, between = 0;
        int w = 0, b = 0;
        for (var i = 0; i < vectors.Length; i++)
            for (var j = i + 1; j < vectors.Length; j++)
            {
                var d = CosineDistance(vectors[i], vectors[j]);
                if (families[i] == families[j]) { within += d; w++; } else { between += d; b++; }
            }
        return (within / w, between / b);
    }

    private static double CosineDistance(double[] a, double[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
        return 1 - dot / Math.Sqrt(na * nb + 1e-30);
    }
}
