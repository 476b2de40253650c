namespace OpenMrs.Audio.Decoding;

/// <summary>
/// Band-limited rational resampler: a Kaiser-windowed sinc evaluated on a polyphase table, one phase per output
/// position modulo the up-sampling factor. The cut-off sits just under the lower Nyquist frequency, so
/// down-sampling is anti-aliased (stop-band attenuation about 80 dB with β = 8).
/// </summary>
public static class Resampler
{
    /// <summary>Rate pairs whose reduced up-sampling factor exceeds this are left to ffmpeg.</summary>
    public const int MaxPhases = 4096;

    private const int ZeroCrossings = 16;
    private const double KaiserBeta = 8.0;
    private const double Rolloff = 0.945;

    public static bool Supports(int fromRate, int toRate) =>
        fromRate > 0 && toRate > 0 && toRate / Gcd(fromRate, toRate) <= MaxPhases;

    public static float[] Resample(ReadOnlySpan<float> input, int fromRate, int toRate)
    {
        if (fromRate == toRate) return input.ToArray();
        if (!Supports(fromRate, toRate)) throw new ArgumentException($"cannot resample {fromRate} Hz to {toRate} Hz with at most {MaxPhases} phases");
        var g = Gcd(fromRate, toRate);
        int up = toRate / g, down = fromRate / g;
        var cutoff = Math.Min(1.0, (double)up / down) * Rolloff;
        var half = (int)Math.Ceiling(ZeroCrossings / cutoff);
        var taps = 2 * half;
        var table = BuildTable(up, half, cutoff);

        var outputLength = (int)((long)input.Length * up / down);
        var output = new float[outputLength];
        for (var n = 0; n < outputLength; n++)
        {
            var position = (long)n * down;
            var centre = (int)(position / up);
            var phase = (int)(position % up);
            var first = centre - half + 1;
            var kernel = table.AsSpan(phase * taps, taps);
            double sum = 0;
            if (first >= 0 && first + taps <= input.Length)
            {
                var window = input.Slice(first, taps);
                for (var k = 0; k < taps; k++) sum += kernel[k] * window[k];
            }
            else
            {
                for (var k = 0; k < taps; k++)
                {
                    var i = first + k;
                    if ((uint)i < (uint)input.Length) sum += kernel[k] * input[i];
                }
            }
            output[n] = (float)sum;
        }
        return output;
    }

    /// <summary>Row p holds the weights of inputs centre−half+1 … centre+half for an output at centre + p/up.</summary>
    private static float[] BuildTable(int up, int half, double cutoff)
    {
        var taps = 2 * half;
        var table = new float[up * taps];
        var norm = Bessel0(KaiserBeta);
        for (var p = 0; p < up; p++)
        {
            var fraction = (double)p / up;
            for (var k = 0; k < taps; k++)
            {
                var t = (k - half + 1) - fraction;
                var x = t / half;
                if (Math.Abs(x) >= 1) continue;
                var window = Bessel0(KaiserBeta * Math.Sqrt(1 - x * x)) / norm;
                table[p * taps + k] = (float)(cutoff * Sinc(cutoff * t) * window);
            }
        }
        return table;
    }

    private static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);

    private static double Bessel0(double x)
    {
        double sum = 1, term = 1, q = x * x / 4;
        for (var k = 1; k < 50 && term > 1e-12 * sum; k++)
        {
            term *= q / (k * k);
            sum += term;
        }
        return sum;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
