namespace OpenMrs.Audio.Descriptors;

/// <summary>Fraction of consecutive sample pairs whose signs differ (0 … 1; a sine at f Hz gives 2f / sample rate).</summary>
public static class ZeroCrossingRate
{
    public static double Compute(ReadOnlySpan<float> samples)
    {
        if (samples.Length < 2) return 0;
        var crossings = 0;
        for (var i = 1; i < samples.Length; i++)
            if ((samples[i] >= 0) != (samples[i - 1] >= 0)) crossings++;
        return (double)crossings / (samples.Length - 1);
    }
}
