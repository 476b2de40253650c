using OpenMrs.Contracts.Events;

namespace OpenMrs.Recommender.Sequences;

/// <summary>
/// The raw descriptor vector a sequence model reads and predicts (DISCO's track descriptors, computed from our audio):
/// tempo (BPM), the key's position on the circle of fifths as (cos, sin) of 2π·pos/12 (a minor key at its relative
/// major), mode (1 major, 0 minor), energy, loudness (dB), spectral centroid (Hz), roll-off (Hz), flatness,
/// zero-crossing rate, onset rate, then the audio embedding's dimensions. A missing value (or a tempo ≤ 0, or an
/// embedding of another length) is NaN, which the <see cref="YeoJohnsonScaler"/> maps to the mean.
/// </summary>
public static class SequenceFeatures
{
    /// <summary>Descriptor values before the embedding.</summary>
    public const int DescriptorCount = 11;

    /// <summary>Feature names in vector order (the embedding's as e0, e1, ...).</summary>
    public static IReadOnlyList<string> Names(int embeddingDimensions) =>
        [.. new[] { "tempo", "key_cos", "key_sin", "mode", "energy", "loudness", "centroid", "rolloff", "flatness", "zcr", "onset_rate" },
         .. Enumerable.Range(0, embeddingDimensions).Select(i => $"e{i}")];

    /// <summary>The raw vector of a track's descriptors and audio embedding (empty when it has none).</summary>
    public static double[] Of(TrackDescriptors d, ReadOnlySpan<float> embedding, int embeddingDimensions) =>
        Raw(d.TempoBpm, d.Key, d.Mode, d.Energy, d.LoudnessDb, d.SpectralCentroidHz, d.SpectralRolloffHz, d.SpectralFlatness,
            d.ZeroCrossingRate, d.OnsetRate, embedding, embeddingDimensions);

    /// <summary>The raw vector, length <see cref="DescriptorCount"/> + <paramref name="embeddingDimensions"/>.</summary>
    public static double[] Raw(
        double? tempoBpm, int? key, int? mode, double? energy, double? loudnessDb, double? centroidHz, double? rolloffHz,
        double? flatness, double? zeroCrossingRate, double? onsetRate, ReadOnlySpan<float> embedding, int embeddingDimensions)
    {
        var x = new double[DescriptorCount + embeddingDimensions];
        x[0] = tempoBpm is > 0 ? tempoBpm.Value : double.NaN;
        if (key is >= 0 and < 12)
        {
            var angle = 2 * Math.PI * TransitionSimilarity.FifthsPosition(key.Value, mode) / 12;
            (x[1], x[2]) = (Math.Cos(angle), Math.Sin(angle));
        }
        else (x[1], x[2]) = (double.NaN, double.NaN);
        x[3] = mode is 0 or 1 ? mode.Value : double.NaN;
        x[4] = energy ?? double.NaN;
        x[5] = loudnessDb ?? double.NaN;
        x[6] = centroidHz ?? double.NaN;
        x[7] = rolloffHz ?? double.NaN;
        x[8] = flatness ?? double.NaN;
        x[9] = zeroCrossingRate ?? double.NaN;
        x[10] = onsetRate ?? double.NaN;
        for (var i = 0; i < embeddingDimensions; i++)
            x[DescriptorCount + i] = embedding.Length == embeddingDimensions ? embedding[i] : double.NaN;
        return x;
    }
}
