namespace OpenMrs.Audio.Tests.Spectrograms;

/// <summary>
/// A float64 spectrogram written from the definitions, independent of the code under test: reflect padding by N/2,
/// periodic Hann window, a naive DFT, triangular mel filters with Slaney area normalisation, 10·log10 with a floor.
/// </summary>
internal static class ReferenceSpectrogram
{
    /// <summary>|X_t(k)|² as [frames][bins].</summary>
    public static double[][] Power(float[] signal, int n, int hop)
    {
        var half = n / 2;
        var padded = new double[signal.Length + n];
        for (var i = 0; i < padded.Length; i++)
        {
            var j = i - half;
            if (j < 0) j = -j;                                       // reflect without repeating the edge sample
            if (j >= signal.Length) j = 2 * (signal.Length - 1) - j;
            padded[i] = signal[j];
        }
        var window = new double[n];
        for (var i = 0; i < n; i++) window[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / n);
        var cos = new double[n];
        var sin = new double[n];
        for (var i = 0; i < n; i++) { cos[i] = Math.Cos(2 * Math.PI * i / n); sin[i] = Math.Sin(2 * Math.PI * i / n); }

        var frames = 1 + signal.Length / hop;
        var result = new double[frames][];
        var segment = new double[n];
        for (var t = 0; t < frames; t++)
        {
            for (var i = 0; i < n; i++) segment[i] = padded[t * hop + i] * window[i];
            result[t] = new double[half + 1];
            for (var k = 0; k <= half; k++)
            {
                double re = 0, im = 0;
                for (var i = 0; i < n; i++)
                {
                    var phase = (int)((long)k * i % n);
                    re += segment[i] * cos[phase];
                    im -= segment[i] * sin[phase];
                }
                result[t][k] = re * re + im * im;
            }
        }
        return result;
    }

    public static double SlaneyMel(double hz) => hz < 1000 ? 3 * hz / 200 : 15 + 27 * Math.Log(hz / 1000) / Math.Log(6.4);
    public static double SlaneyHz(double mel) => mel < 15 ? 200 * mel / 3 : 1000 * Math.Pow(6.4, (mel - 15) / 27);
    public static double HtkMel(double hz) => 2595 * Math.Log10(1 + hz / 700);
    public static double HtkHz(double mel) => 700 * (Math.Pow(10, mel / 2595) - 1);

    /// <summary>[bands][bins] triangular filters between mel-equispaced edges, scaled by 2 / (right − left).</summary>
    public static double[][] Filterbank(int bands, int n, int sampleRate, double fmax, bool htk)
    {
        Func<double, double> toMel = htk ? HtkMel : SlaneyMel;
        Func<double, double> toHz = htk ? HtkHz : SlaneyHz;
        var top = toMel(fmax);
        var edges = Enumerable.Range(0, bands + 2).Select(i => toHz(top * i / (bands + 1))).ToArray();
        var filters = new double[bands][];
        for (var b = 0; b < bands; b++)
        {
            filters[b] = new double[n / 2 + 1];
            for (var k = 0; k <= n / 2; k++)
            {
                var f = (double)k * sampleRate / n;
                double w = 0;
                if (f > edges[b] && f <= edges[b + 1]) w = (f - edges[b]) / (edges[b + 1] - edges[b]);
                else if (f > edges[b + 1] && f < edges[b + 2]) w = (edges[b + 2] - f) / (edges[b + 2] - edges[b + 1]);
                filters[b][k] = w * 2 / (edges[b + 2] - edges[b]);
            }
        }
        return filters;
    }

    /// <summary>[frames][bands] mel power.</summary>
    public static double[][] Mel(double[][] power, double[][] filters) =>
        power.Select(frame => filters.Select(f => f.Zip(frame, (w, p) => w * p).Sum()).ToArray()).ToArray();

    public static double[][] Db(double[][] power, double floor, double topDb)
    {
        var db = power.Select(r => r.Select(p => 10 * Math.Log10(Math.Max(p, floor))).ToArray()).ToArray();
        var max = db.Max(r => r.Max());
        return db.Select(r => r.Select(v => Math.Max(v, max - topDb)).ToArray()).ToArray();
    }
}
