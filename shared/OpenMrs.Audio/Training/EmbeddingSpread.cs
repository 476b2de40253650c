namespace OpenMrs.Audio.Training;

/// <summary>
/// How far a trained audio CNN's per-track outputs are from collapse: a regression head trained on few tracks can
/// learn to output (nearly) the mean factor vector for every input, which still scores a fair validation cosine
/// against factors that share a common direction, but makes every track's nearest neighbours the same list.
/// </summary>
/// <param name="Tracks">Tracks with an output.</param>
/// <param name="MeanPairwiseCosine">Mean cosine over pairs of tracks with non-zero outputs (1 = all point the same way); NaN below two such tracks.</param>
/// <param name="ZeroShare">Share of tracks whose output has (almost) no length, 0–1.</param>
public sealed record EmbeddingSpread(int Tracks, double MeanPairwiseCosine, double ZeroShare)
{
    /// <summary>Above this mean pairwise cosine the outputs count as collapsed.</summary>
    public const double CollapsedCosine = 0.98;

    /// <summary>Above this share of zero outputs the outputs count as collapsed.</summary>
    public const double CollapsedZeroShare = 0.2;

    /// <summary>Pairs compared at most (a seeded sample beyond it), so the check stays cheap on big catalogues.</summary>
    public const int MaxPairs = 200_000;

    public bool Collapsed => ZeroShare > CollapsedZeroShare || MeanPairwiseCosine > CollapsedCosine;

    /// <summary>The spread of <paramref name="outputs"/> (one vector per track, null for tracks without one).</summary>
    public static EmbeddingSpread Of(IReadOnlyList<float[]?> outputs, int seed = 1)
    {
        var present = outputs.OfType<float[]>().ToList();
        var unit = new List<float[]>(present.Count);
        foreach (var vector in present)
        {
            var norm = Math.Sqrt(vector.Sum(v => (double)v * v));
            if (norm > 1e-6) unit.Add([.. vector.Select(v => (float)(v / norm))]);
        }
        var zeroShare = present.Count == 0 ? 1 : 1 - (double)unit.Count / present.Count;
        if (unit.Count < 2) return new EmbeddingSpread(present.Count, double.NaN, zeroShare);

        var random = new Random(seed);
        var allPairs = (long)unit.Count * (unit.Count - 1) / 2;
        double sum = 0;
        long pairs = 0;
        if (allPairs <= MaxPairs)
        {
            for (var i = 0; i < unit.Count; i++)
                for (var j = i + 1; j < unit.Count; j++, pairs++) sum += Dot(unit[i], unit[j]);
        }
        else
        {
            for (; pairs < MaxPairs; pairs++)
            {
                var i = random.Next(unit.Count);
                var j = random.Next(unit.Count - 1);
                if (j >= i) j++;
                sum += Dot(unit[i], unit[j]);
            }
        }
        return new EmbeddingSpread(present.Count, sum / pairs, zeroShare);
    }

    private static double Dot(float[] a, float[] b)
    {
        double dot = 0;
        for (var k = 0; k < a.Length; k++) dot += a[k] * b[k];
        return dot;
    }
}
