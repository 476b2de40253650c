namespace OpenMrs.Audio.Descriptors;

/// <summary>Krumhansl–Schmuckler key finding: Pearson correlation of a chroma vector with the 24 rotated key profiles.</summary>
public static class KeyEstimator
{
    private static readonly double[] MajorProfile = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
    private static readonly double[] MinorProfile = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

    /// <returns>Null when the chroma is flat (its range within 1e-9 of its largest value) or all zero: no pitched content.</returns>
    public static KeyEstimate? Estimate(IReadOnlyList<double> chroma)
    {
        if (chroma.Count != 12) throw new ArgumentException($"chroma must have 12 pitch classes, got {chroma.Count}", nameof(chroma));
        // Relative test: the chroma of a quiet recording is small but no flatter than that of a loud one.
        var (min, max) = (chroma.Min(), chroma.Max());
        if (max - min <= 1e-9 * Math.Max(Math.Abs(min), Math.Abs(max))) return null;

        var scores = new List<(int Tonic, KeyMode Mode, double R)>(24);
        for (var tonic = 0; tonic < 12; tonic++)
        {
            scores.Add((tonic, KeyMode.Major, Correlate(chroma, MajorProfile, tonic)));
            scores.Add((tonic, KeyMode.Minor, Correlate(chroma, MinorProfile, tonic)));
        }
        var ranked = scores.OrderByDescending(s => s.R).ToList();
        var best = ranked[0];
        return new KeyEstimate(best.Tonic, best.Mode, best.R, best.R - ranked[1].R);
    }

    /// <summary>Pearson correlation of chroma with the profile rotated so its first entry sits on <paramref name="tonic"/>.</summary>
    private static double Correlate(IReadOnlyList<double> chroma, double[] profile, int tonic)
    {
        double meanC = chroma.Average(), meanP = profile.Average();
        double cov = 0, varC = 0, varP = 0;
        for (var pc = 0; pc < 12; pc++)
        {
            var c = chroma[pc] - meanC;
            var p = profile[(pc - tonic + 12) % 12] - meanP;
            cov += c * p;
            varC += c * c;
            varP += p * p;
        }
        return cov / Math.Sqrt(varC * varP);
    }
}
