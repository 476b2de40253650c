namespace OpenMrs.Audio.Descriptors;

/// <summary>
/// Tempo from the autocorrelation of the onset-strength envelope, weighted by a log-Gaussian prior on tempo
/// (centre 120 BPM, one octave standard deviation). Two corrections follow the prior:
/// <list type="bullet">
/// <item>Octave check: when the half period is nearly as periodic as the chosen one, the faster tempo is the beat
/// (the prior alone favours 90 over 180 BPM for a click at 180, whose autocorrelation is as high at twice its period).</item>
/// <item>Precision: the period is re-estimated from interpolated peaks at its first few multiples, which cuts the
/// quantisation error of one frame (≈ 23 ms at hop 512) by the number of multiples found.</item>
/// </list>
/// </summary>
public sealed class TempoEstimator
{
    public double MinBpm { get; init; } = 40;
    public double MaxBpm { get; init; } = 220;
    public double PriorBpm { get; init; } = 120;
    public double PriorOctaves { get; init; } = 1.0;
    /// <summary>Half-period periodicity relative to the chosen period above which the faster tempo wins.</summary>
    public double OctaveUpRatio { get; init; } = 0.8;

    public TempoEstimate? Estimate(double[] onsetEnvelope, double frameRate)
    {
        var maxLag = (int)Math.Ceiling(frameRate * 60 / MinBpm) * 4 + 2;
        var minLag = Math.Max(1, (int)Math.Floor(frameRate * 60 / MaxBpm));
        if (onsetEnvelope.Length < 2 * (int)(frameRate * 60 / MinBpm)) maxLag = onsetEnvelope.Length / 2;
        var acf = Autocorrelation(onsetEnvelope, Math.Min(maxLag, onsetEnvelope.Length - 1));
        if (acf.Length <= minLag + 2 || acf[0] <= 0) return null;

        var lastLag = Math.Min(acf.Length - 2, (int)Math.Ceiling(frameRate * 60 / MinBpm));
        var best = -1;
        var bestScore = double.NegativeInfinity;
        for (var lag = minLag; lag <= lastLag; lag++)
        {
            if (!IsPeak(acf, lag)) continue;
            var bpm = 60 * frameRate / lag;
            var prior = Math.Exp(-0.5 * Math.Pow(Math.Log2(bpm / PriorBpm) / PriorOctaves, 2));
            var score = acf[lag] * prior;
            if (score > bestScore) (best, bestScore) = (lag, score);
        }
        if (best < 0 || acf[best] <= 0) return null;

        var period = Interpolate(acf, best);
        while (true)
        {
            var half = period / 2;
            if (60 * frameRate / half > MaxBpm) break;
            var halfPeak = NearestPeak(acf, half);
            if (halfPeak is not { } h || acf[h] < OctaveUpRatio * acf[(int)Math.Round(period)]) break;
            period = Interpolate(acf, h);
        }

        period = RefineWithMultiples(acf, period);
        var confidence = Math.Clamp(acf[(int)Math.Round(period)] / acf[0], 0, 1);
        return new TempoEstimate(60 * frameRate / period, confidence);
    }

    /// <summary>Mean-removed autocorrelation, normalised by the number of overlapping frames.</summary>
    private static double[] Autocorrelation(double[] x, int maxLag)
    {
        var mean = x.Average();
        var centred = x.Select(v => v - mean).ToArray();
        var acf = new double[Math.Max(0, maxLag + 1)];
        for (var lag = 0; lag < acf.Length; lag++)
        {
            double sum = 0;
            for (var i = lag; i < centred.Length; i++) sum += centred[i] * centred[i - lag];
            acf[lag] = sum / (centred.Length - lag);
        }
        return acf;
    }

    private static bool IsPeak(double[] acf, int lag) => acf[lag] > 0 && acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1];

    /// <summary>The highest local maximum within ±1.5 frames of a fractional lag, if any.</summary>
    private static int? NearestPeak(double[] acf, double lag)
    {
        int? found = null;
        for (var l = (int)Math.Floor(lag - 1.5); l <= (int)Math.Ceiling(lag + 1.5); l++)
            if (l >= 1 && l < acf.Length - 1 && IsPeak(acf, l) && (found is null || acf[l] > acf[found.Value])) found = l;
        return found;
    }

    /// <summary>Parabolic interpolation of the peak position around an integer lag.</summary>
    private static double Interpolate(double[] acf, int lag)
    {
        if (lag < 1 || lag >= acf.Length - 1) return lag;
        double a = acf[lag - 1], b = acf[lag], c = acf[lag + 1];
        var denominator = a - 2 * b + c;
        return denominator >= 0 ? lag : lag + 0.5 * (a - c) / denominator;
    }

    private static double RefineWithMultiples(double[] acf, double period)
    {
        double sum = 0, weight = 0;
        for (var m = 1; m <= 4; m++)
        {
            if (NearestPeak(acf, period * m) is not { } peak) continue;
            var estimate = Interpolate(acf, peak) / m;
            if (Math.Abs(estimate - period) > 0.05 * period) continue;
            sum += estimate * m;
            weight += m;
        }
        return weight > 0 ? sum / weight : period;
    }
}
