namespace OpenMrs.Audio.Spectrograms;

/// <summary>Hz ↔ mel conversions: HTK (2595·log10(1 + f/700)) and Slaney (linear below 1 kHz, logarithmic above).</summary>
public static class MelFrequencies
{
    private const double SlaneyHzPerMel = 200.0 / 3;
    private const double SlaneyBreakHz = 1000;
    private const double SlaneyBreakMel = SlaneyBreakHz / SlaneyHzPerMel; // 15
    private static readonly double SlaneyLogStep = Math.Log(6.4) / 27;

    public static double HzToMel(double hz, MelScale scale) => scale switch
    {
        MelScale.Htk => 2595 * Math.Log10(1 + hz / 700),
        _ => hz < SlaneyBreakHz ? hz / SlaneyHzPerMel : SlaneyBreakMel + Math.Log(hz / SlaneyBreakHz) / SlaneyLogStep,
    };

    public static double MelToHz(double mel, MelScale scale) => scale switch
    {
        MelScale.Htk => 700 * (Math.Pow(10, mel / 2595) - 1),
        _ => mel < SlaneyBreakMel ? mel * SlaneyHzPerMel : SlaneyBreakHz * Math.Exp(SlaneyLogStep * (mel - SlaneyBreakMel)),
    };

    /// <summary>count frequencies equally spaced in mel from min to max Hz, inclusive.</summary>
    public static double[] Spaced(int count, double minHz, double maxHz, MelScale scale)
    {
        double lo = HzToMel(minHz, scale), hi = HzToMel(maxHz, scale);
        var result = new double[count];
        for (var i = 0; i < count; i++) result[i] = MelToHz(lo + (hi - lo) * i / (count - 1), scale);
        return result;
    }
}
