namespace OpenMrs.Testing.Planted;

/// <summary>
/// Synthetic audio whose genre determines planted collaborative factors. Four genres with a known right answer:
/// 0 a steady low harmonic tone, 1 a steady high tone, 2 a mid tone pulsed at 4 Hz, 3 bursts of broadband noise at
/// 2 Hz; every track varies pitch (±10%), phase, gain and background noise. Each genre has a random unit centroid in
/// factor space; a track's (and a user's) factors are the centroid plus small Gaussian noise, so a user likes the
/// tracks of their own genre.
/// </summary>
public sealed class PlantedGenres
{
    public const int Genres = 4;
    public const int SampleRate = 22050;

    private readonly float[][] _centroids;
    private readonly Random _random;

    public PlantedGenres(int factors, int seed)
    {
        Factors = factors;
        _random = new Random(seed);
        _centroids = Enumerable.Range(0, Genres).Select(_ => Normalised(Gaussian(factors, 1.0))).ToArray();
    }

    public int Factors { get; }

    /// <summary>A track of <paramref name="genre"/>: mono samples at 22,050 Hz in [−1, 1].</summary>
    public float[] Audio(int genre, double seconds)
    {
        var samples = new float[(int)(seconds * SampleRate)];
        var pitch = 0.9 + 0.2 * _random.NextDouble();
        var phase = _random.NextDouble() * 2 * Math.PI;
        var gain = 0.5 + 0.5 * _random.NextDouble();
        var noise = 0.02 + 0.03 * _random.NextDouble();
        for (var i = 0; i < samples.Length; i++)
        {
            var t = (double)i / SampleRate;
            var value = genre switch
            {
                0 => 0.4 * Math.Sin(2 * Math.PI * 150 * pitch * t + phase) + 0.2 * Math.Sin(4 * Math.PI * 150 * pitch * t),
                1 => 0.3 * Math.Sin(2 * Math.PI * 3000 * pitch * t + phase),
                2 => (Math.Sin(2 * Math.PI * 4 * t + phase) > 0 ? 0.4 : 0.0) * Math.Sin(2 * Math.PI * 700 * pitch * t),
                _ => ((t * 2 + phase) % 1.0 < 0.15 ? 0.5 : 0.0) * (_random.NextDouble() * 2 - 1),
            };
            samples[i] = (float)(gain * value + noise * (_random.NextDouble() * 2 - 1));
        }
        return samples;
    }

    /// <summary>Planted factors of a track or user of <paramref name="genre"/>: the genre centroid plus N(0, noise²) per factor.</summary>
    public float[] FactorsOf(int genre, double noise = 0.1)
    {
        var result = Gaussian(Factors, noise);
        for (var j = 0; j < Factors; j++) result[j] += _centroids[genre][j];
        return result;
    }

    /// <summary>
    /// Mean ROC-AUC over users of ranking tracks by predicted · user factors, a track being relevant to a user of its
    /// own genre: 1 is a perfect ranking, 0.5 is random.
    /// </summary>
    public static double MeanAuc(IReadOnlyList<float[]> predicted, IReadOnlyList<int> trackGenres, IReadOnlyList<float[]> users, IReadOnlyList<int> userGenres)
    {
        double total = 0;
        for (var u = 0; u < users.Count; u++)
        {
            var scores = predicted.Select(p => Dot(p, users[u])).ToArray();
            var positives = Enumerable.Range(0, scores.Length).Where(i => trackGenres[i] == userGenres[u]).ToArray();
            var negatives = Enumerable.Range(0, scores.Length).Where(i => trackGenres[i] != userGenres[u]).ToArray();
            double wins = 0;
            foreach (var p in positives)
                foreach (var n in negatives)
                    wins += scores[p] > scores[n] ? 1 : scores[p] == scores[n] ? 0.5 : 0;
            total += wins / (positives.Length * (double)negatives.Length);
        }
        return total / users.Count;
    }

    private static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (var j = 0; j < a.Length; j++) sum += a[j] * b[j];
        return sum;
    }

    private float[] Gaussian(int length, double std) => Enumerable.Range(0, length)
        .Select(_ => (float)(std * Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble()))).ToArray();

    private static float[] Normalised(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }
}
