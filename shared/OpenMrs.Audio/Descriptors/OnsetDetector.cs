namespace OpenMrs.Audio.Descriptors;

/// <summary>
/// Picks onsets from an onset-strength envelope: a frame is an onset when it is the maximum of its ±3-frame
/// neighbourhood, exceeds the local mean (3 frames before, 5 after) by <see cref="Delta"/> of the envelope's peak,
/// is at least <see cref="MinRatioOverMedian"/> times the envelope's median (so the frame-to-frame flicker of
/// stationary noise does not count), and comes at least <see cref="MinGapSeconds"/> after the previous onset.
/// </summary>
public sealed class OnsetDetector
{
    public double Delta { get; init; } = 0.07;
    public double MinGapSeconds { get; init; } = 0.03;
    public double MinRatioOverMedian { get; init; } = 2.5;

    public IReadOnlyList<int> Detect(double[] envelope, double frameRate)
    {
        var onsets = new List<int>();
        if (envelope.Length == 0) return onsets;
        var peak = envelope.Max();
        if (peak <= 0) return onsets;
        var minGap = Math.Max(1, (int)Math.Round(MinGapSeconds * frameRate));
        var sorted = envelope.Order().ToArray();
        var floor = MinRatioOverMedian * sorted[sorted.Length / 2];
        var last = int.MinValue / 2;
        for (var t = 0; t < envelope.Length; t++)
        {
            var x = envelope[t] / peak;
            if (x < LocalMax(envelope, t - 3, t + 3) / peak) continue;
            if (x < LocalMean(envelope, t - 3, t + 5) / peak + Delta) continue;
            if (envelope[t] < floor || t - last < minGap) continue;
            onsets.Add(t);
            last = t;
        }
        return onsets;
    }

    private static double LocalMax(double[] x, int from, int to)
    {
        var max = double.NegativeInfinity;
        for (var i = Math.Max(0, from); i <= Math.Min(x.Length - 1, to); i++) max = Math.Max(max, x[i]);
        return max;
    }

    private static double LocalMean(double[] x, int from, int to)
    {
        double sum = 0;
        var n = 0;
        for (var i = Math.Max(0, from); i <= Math.Min(x.Length - 1, to); i++) { sum += x[i]; n++; }
        return sum / n;
    }
}
