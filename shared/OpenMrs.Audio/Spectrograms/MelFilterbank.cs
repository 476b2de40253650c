namespace OpenMrs.Audio.Spectrograms;

/// <summary>Triangular mel filters over the one-sided FFT bins (librosa.filters.mel semantics), computed in double.</summary>
public static class MelFilterbank
{
    /// <summary>The filters' edge frequencies: MelBands + 2 values; filter m rises from [m] to a peak at [m+1] and falls to [m+2].</summary>
    public static double[] EdgeFrequencies(SpectrogramOptions options) =>
        MelFrequencies.Spaced(options.MelBands + 2, options.MinFrequency, options.MaxFrequency, options.Scale);

    /// <summary>Centre (peak) frequency of each band in Hz.</summary>
    public static double[] CentreFrequencies(SpectrogramOptions options) => EdgeFrequencies(options)[1..^1];

    /// <summary>Weights [MelBands, FrequencyBins]; rows are Slaney area-normalised unless options say otherwise.</summary>
    public static double[,] Create(SpectrogramOptions options)
    {
        options.Validate();
        int bands = options.MelBands, bins = options.FrequencyBins;
        var edges = EdgeFrequencies(options);
        var weights = new double[bands, bins];
        for (var m = 0; m < bands; m++)
        {
            double left = edges[m], centre = edges[m + 1], right = edges[m + 2];
            var scale = options.Normalisation == MelNormalisation.Slaney ? 2.0 / (right - left) : 1.0;
            for (var k = 0; k < bins; k++)
            {
                var hz = k * (double)options.SampleRate / options.FftSize;
                var rising = (hz - left) / (centre - left);
                var falling = (right - hz) / (right - centre);
                weights[m, k] = Math.Max(0, Math.Min(rising, falling)) * scale;
            }
        }
        return weights;
    }
}
