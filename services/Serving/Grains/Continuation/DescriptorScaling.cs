using OpenMrs.Contracts.Events;
using OpenMrs.Serving.Grains.Content;

namespace OpenMrs.Serving.Grains.Continuation;

/// <summary>
/// A track's descriptor vector x for the flow term: tempo, energy, loudness, spectral centroid, roll-off, flatness,
/// zero-crossing rate, onset rate and mode, each standardised (z-score) over every track in the
/// <see cref="TrackDescriptorStore"/>. A missing value (or a zero tempo) takes the mean, 0 after scaling. Key is left
/// out: its circle-of-fifths distance is the keysim term. Yeo-Johnson before standardisation (as in DISCO) is still to
/// come. The statistics are recomputed only when the store changes.
/// </summary>
public sealed class DescriptorScaling(TrackDescriptorStore store)
{
    private static readonly Func<TrackDescriptors, double?>[] Features =
    [
        d => d.TempoBpm is > 0 ? d.TempoBpm : null,
        d => d.Energy,
        d => d.LoudnessDb,
        d => d.SpectralCentroidHz,
        d => d.SpectralRolloffHz,
        d => d.SpectralFlatness,
        d => d.ZeroCrossingRate,
        d => d.OnsetRate,
        d => d.Mode,
    ];

    private (long Version, double[] Mean, double[] Scale)? _statistics;

    /// <summary>The scaled vector of <paramref name="descriptors"/> (length = the feature count).</summary>
    public double[] Vector(TrackDescriptors descriptors)
    {
        var (mean, scale) = Statistics();
        var x = new double[Features.Length];
        for (var f = 0; f < x.Length; f++)
            x[f] = Features[f](descriptors) is { } v && double.IsFinite(v) ? (v - mean[f]) / scale[f] : 0;
        return x;
    }

    private (double[] Mean, double[] Scale) Statistics()
    {
        var version = store.Version;
        if (_statistics is { } cached && cached.Version == version) return (cached.Mean, cached.Scale);
        var sum = new double[Features.Length];
        var squares = new double[Features.Length];
        var counts = new int[Features.Length];
        foreach (var d in store.All)
            for (var f = 0; f < Features.Length; f++)
                if (Features[f](d) is { } v && double.IsFinite(v))
                {
                    sum[f] += v;
                    squares[f] += v * v;
                    counts[f]++;
                }
        var mean = new double[Features.Length];
        var scale = new double[Features.Length];
        for (var f = 0; f < Features.Length; f++)
        {
            mean[f] = counts[f] > 0 ? sum[f] / counts[f] : 0;
            var variance = counts[f] > 1 ? Math.Max(0, squares[f] / counts[f] - mean[f] * mean[f]) : 0;
            scale[f] = variance > 1e-12 ? Math.Sqrt(variance) : 1;
        }
        _statistics = (version, mean, scale);
        return (mean, scale);
    }
}
