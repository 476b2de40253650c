namespace OpenMrs.Audio.Decoding;

/// <summary>A signal is silent when every sample is below the peak floor or its RMS is below −70 dBFS.</summary>
public static class SilenceDetector
{
    public const float PeakFloor = 1e-4f;
    public const double RmsFloorDb = -70;

    public static bool IsSilent(ReadOnlySpan<float> samples)
    {
        if (samples.IsEmpty) return true;
        double sumSquares = 0;
        float peak = 0;
        foreach (var x in samples)
        {
            var a = MathF.Abs(x);
            if (a > peak) peak = a;
            sumSquares += (double)x * x;
        }
        if (peak < PeakFloor) return true;
        var rms = Math.Sqrt(sumSquares / samples.Length);
        return 20 * Math.Log10(rms + 1e-20) < RmsFloorDb;
    }
}
