namespace OpenMrs.Recommender.Models.Blend;

/// <summary>How a blend puts its members' scores on one scale before weighting them.</summary>
public enum ScoreNormalisation
{
    /// <summary>Standard score (s − mean) / std over the candidate items: robust to one extreme score.</summary>
    ZScore,
    /// <summary>(s − min) / (max − min) over the candidate items, into [0, 1]; one outlier squeezes the rest.</summary>
    MinMax,
}

/// <summary>
/// Per-list normalisation of one member's dense scores. The statistics are taken over the candidate items, those not
/// in the history (all items for an empty history), skipping NaN and ±∞; a list with no spread normalises to 0.
/// </summary>
internal readonly record struct ScoreNormaliser(float Offset, float Scale)
{
    public static ScoreNormaliser Fit(ReadOnlySpan<float> scores, ReadOnlySpan<int> history, ScoreNormalisation kind)
    {
        double sum = 0, squares = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        long count = 0;
        var next = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            while (next < history.Length && history[next] < i) next++;
            if (next < history.Length && history[next] == i) continue;
            var s = scores[i];
            if (!float.IsFinite(s)) continue;
            count++;
            sum += s;
            squares += (double)s * s;
            min = Math.Min(min, s);
            max = Math.Max(max, s);
        }
        if (count == 0) return new ScoreNormaliser(0, 0);
        if (kind == ScoreNormalisation.MinMax) return max > min ? new ScoreNormaliser((float)min, (float)(1 / (max - min))) : new ScoreNormaliser((float)min, 0);
        var mean = sum / count;
        var std = Math.Sqrt(Math.Max(0, squares / count - mean * mean));
        return std > 1e-12 * Math.Max(1, Math.Abs(mean)) ? new ScoreNormaliser((float)mean, (float)(1 / std)) : new ScoreNormaliser((float)mean, 0);
    }

    public float Apply(float score) => (score - Offset) * Scale;

    /// <summary>total += weight · normalised(scores); an item a member cannot score (NaN, −∞) becomes −∞ in the total.</summary>
    public void AddTo(ReadOnlySpan<float> scores, float weight, Span<float> total)
    {
        for (var i = 0; i < scores.Length; i++)
            total[i] = float.IsFinite(scores[i]) ? total[i] + weight * Apply(scores[i]) : float.NegativeInfinity;
    }
}
