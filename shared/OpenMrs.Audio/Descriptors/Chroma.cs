namespace OpenMrs.Audio.Descriptors;

/// <summary>
/// Pitch-class profile of a whole signal: each spectrum bin between <see cref="MinHz"/> and <see cref="MaxHz"/>
/// adds its power to the two pitch classes nearest its frequency (linear split in semitones), summed over frames.
/// Index 0 is C. Power rather than magnitude keeps the overtones of each note (the third harmonic is a fifth up)
/// from pulling the profile toward the dominant key: the k-th harmonic counts 1/k² instead of 1/k.
/// </summary>
public static class Chroma
{
    public const double MinHz = 60;
    public const double MaxHz = 5000;

    public static double[] Compute(PowerSpectrum spectrum)
    {
        var chroma = new double[12];
        var lowerClass = new int[spectrum.Bins];
        var upperWeight = new double[spectrum.Bins];
        for (var k = 0; k < spectrum.Bins; k++)
        {
            var f = spectrum.BinFrequency(k);
            if (f < MinHz || f > MaxHz) { lowerClass[k] = -1; continue; }
            var midi = 69 + 12 * Math.Log2(f / 440);
            var below = Math.Floor(midi);
            lowerClass[k] = (int)(((long)below % 12 + 12) % 12);
            upperWeight[k] = midi - below;
        }
        for (var t = 0; t < spectrum.Frames; t++)
            for (var k = 0; k < spectrum.Bins; k++)
            {
                if (lowerClass[k] < 0) continue;
                var power = (double)spectrum.Power[t, k];
                chroma[lowerClass[k]] += power * (1 - upperWeight[k]);
                chroma[(lowerClass[k] + 1) % 12] += power * upperWeight[k];
            }
        return chroma;
    }
}
