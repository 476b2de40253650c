namespace OpenMrs.Audio.Descriptors;

/// <summary>
/// Spectral centroid, 85 % roll-off and flatness, each averaged over the frames that carry sound. All three are
/// ratios of the spectrum to itself, so they do not depend on the signal's gain.
/// </summary>
public sealed record SpectralShape(double CentroidHz, double RolloffHz, double Flatness)
{
    public const double RolloffFraction = 0.85;
    /// <summary>Frames quieter than this many dB under the loudest frame are left out of the averages.</summary>
    public const double FrameGateDb = 60;
    /// <summary>
    /// Flatness floors each bin at 80 dB below the frame's strongest bin (log-mel's top_db): relative, so the value does
    /// not depend on the gain, and high enough that empty bins (band-limited or resampled audio) are not measured by
    /// their numerical noise, which would decide the geometric mean.
    /// </summary>
    public const double FlatnessFloorDb = -80;
    private static readonly double FlatnessFloor = Math.Pow(10, FlatnessFloorDb / 10);

    public static SpectralShape Compute(PowerSpectrum spectrum)
    {
        var frameEnergy = new double[spectrum.Frames];
        for (var t = 0; t < spectrum.Frames; t++)
            for (var k = 0; k < spectrum.Bins; k++) frameEnergy[t] += spectrum.Power[t, k];
        var gate = (frameEnergy.Length == 0 ? 0 : frameEnergy.Max()) * Math.Pow(10, -FrameGateDb / 10);

        double centroid = 0, rolloff = 0, flatness = 0;
        var counted = 0;
        var magnitude = new double[spectrum.Bins];
        for (var t = 0; t < spectrum.Frames; t++)
        {
            if (frameEnergy[t] <= gate || frameEnergy[t] <= 0) continue;
            double sum = 0, weighted = 0, logSum = 0, powerSum = 0, strongest = 0;
            for (var k = 0; k < spectrum.Bins; k++) strongest = Math.Max(strongest, spectrum.Power[t, k]);
            var floor = strongest * FlatnessFloor;
            for (var k = 0; k < spectrum.Bins; k++)
            {
                var p = (double)spectrum.Power[t, k];
                magnitude[k] = Math.Sqrt(p);
                sum += magnitude[k];
                weighted += magnitude[k] * spectrum.BinFrequency(k);
                logSum += Math.Log(Math.Max(p, floor));
                powerSum += Math.Max(p, floor);
            }
            centroid += weighted / sum;
            rolloff += RolloffOf(magnitude, sum, spectrum);
            flatness += Math.Exp(logSum / spectrum.Bins) / (powerSum / spectrum.Bins);
            counted++;
        }
        return counted == 0 ? new SpectralShape(0, 0, 0) : new SpectralShape(centroid / counted, rolloff / counted, flatness / counted);
    }

    private static double RolloffOf(double[] magnitude, double total, PowerSpectrum spectrum)
    {
        var threshold = RolloffFraction * total;
        double cumulative = 0;
        for (var k = 0; k < magnitude.Length; k++)
        {
            cumulative += magnitude[k];
            if (cumulative >= threshold) return spectrum.BinFrequency(k);
        }
        return spectrum.BinFrequency(magnitude.Length - 1);
    }
}
