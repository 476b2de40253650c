namespace OpenMrs.Recommender.Sequences;

/// <summary>
/// How smoothly one track follows another in key and tempo, after DISCO (sequence-aware playlist continuation):
/// <see cref="KeySimilarity"/> on the circle of fifths and <see cref="TempoSimilarity"/> on the log₂ tempo ratio.
/// Both lie in [−1, 1], higher is smoother. An unknown or invalid key or tempo scores <see cref="Unknown"/> (−1, the
/// worst value), so a track with missing descriptors never wins a transition over a known one (the original returned
/// NaN for a zero tempo, which silently won its argmin).
/// </summary>
public static class TransitionSimilarity
{
    /// <summary>The score of a transition whose key or tempo is unknown: the worst possible.</summary>
    public const double Unknown = -1;

    /// <summary>
    /// keysim: minor keys map to their relative major (k+3 mod 12), each key to its circle-of-fifths position
    /// pos = 7k mod 12, d = |Δpos| folded to 0..6, sim = 1 − (d − 1 + [d=0]) / 2.5; so d = 0..6 gives
    /// 1, 1, 0.6, 0.2, −0.2, −0.6, −1.
    /// </summary>
    /// <param name="key1">Pitch class of the first tonic, 0 = C … 11 = B; null (or outside 0..11) when unknown.</param>
    /// <param name="mode1">1 = major, 0 = minor; null is read as major (the key alone is still informative).</param>
    public static double KeySimilarity(int? key1, int? mode1, int? key2, int? mode2)
    {
        if (key1 is not (>= 0 and < 12) || key2 is not (>= 0 and < 12)) return Unknown;
        var d = Math.Abs(FifthsPosition(key1.Value, mode1) - FifthsPosition(key2.Value, mode2));
        if (d > 6) d = 12 - d;
        return 1 - (d - 1 + (d == 0 ? 1 : 0)) / 2.5;
    }

    /// <summary>
    /// temposim = cos(2π log₂(t1 / t2)): the same tempo, a doubling or a halving scores 1, a ratio of √2 scores −1.
    /// A null, zero, negative or non-finite tempo (beats per minute) scores <see cref="Unknown"/>.
    /// </summary>
    public static double TempoSimilarity(double? tempo1, double? tempo2)
    {
        if (tempo1 is not { } t1 || tempo2 is not { } t2 || !double.IsFinite(t1) || !double.IsFinite(t2) || t1 <= 0 || t2 <= 0) return Unknown;
        return Math.Cos(2 * Math.PI * Math.Log2(t1 / t2));
    }

    /// <summary>Position 0..11 of a key on the circle of fifths (7k mod 12), a minor key at its relative major's (k+3); null mode reads as major.</summary>
    public static int FifthsPosition(int key, int? mode)
    {
        var major = mode == 0 ? (key + 3) % 12 : key;
        return 7 * major % 12;
    }
}
