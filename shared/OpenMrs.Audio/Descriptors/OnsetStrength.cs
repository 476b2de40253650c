namespace OpenMrs.Audio.Descriptors;

/// <summary>
/// Onset strength per frame: spectral flux of the log power, i.e. the mean over frequency bands of the
/// half-wave-rectified rise in dB since the previous frame. Bands are log-spaced so bass and treble count alike.
/// </summary>
public static class OnsetStrength
{
    private const int Bands = 48;
    private const double MinHz = 30;
    private const double FloorDb = -80;

    public static double[] Compute(PowerSpectrum spectrum)
    {
        var bandOf = BandIndex(spectrum);
        var frames = spectrum.Frames;
        var previous = new double[Bands];
        var current = new double[Bands];
        var envelope = new double[frames];
        var peakDb = PeakDb(spectrum);
        for (var t = 0; t < frames; t++)
        {
            Array.Clear(current);
            for (var k = 0; k < spectrum.Bins; k++)
                if (bandOf[k] >= 0) current[bandOf[k]] += spectrum.Power[t, k];
            double flux = 0;
            for (var b = 0; b < Bands; b++)
            {
                var db = Math.Max(10 * Math.Log10(current[b] + 1e-20), peakDb + FloorDb);
                if (t > 0) flux += Math.Max(0, db - previous[b]);
                previous[b] = db;
            }
            envelope[t] = flux / Bands;
        }
        return envelope;
    }

    private static double PeakDb(PowerSpectrum spectrum)
    {
        double max = 1e-20;
        foreach (var p in spectrum.Power) if (p > max) max = p;
        return 10 * Math.Log10(max);
    }

    private static int[] BandIndex(PowerSpectrum spectrum)
    {
        var nyquist = spectrum.SampleRate / 2.0;
        var ratio = Math.Log(nyquist / MinHz);
        var bands = new int[spectrum.Bins];
        for (var k = 0; k < spectrum.Bins; k++)
        {
            var f = spectrum.BinFrequency(k);
            bands[k] = f < MinHz ? -1 : Math.Min(Bands - 1, (int)(Bands * Math.Log(f / MinHz) / ratio));
        }
        return bands;
    }
}
