using OpenMrs.Audio.Descriptors;
using OpenMrs.Audio.Extraction;
using OpenMrs.Contracts.Events;

namespace OpenMrs.Features.Mapping;

/// <summary>Library-side features → the wire contract.</summary>
public static class TrackFeaturesMapper
{
    public static TrackDescriptors ToContract(this AudioDescriptors d) => new(
        DurationSeconds: d.DurationSeconds,
        LoudnessDb: d.LoudnessDb,
        RmsLoudnessDb: d.RmsLoudnessDb,
        TempoBpm: d.TempoBpm,
        TempoConfidence: d.TempoConfidence,
        Key: d.Key,
        Mode: d.Mode,
        KeyConfidence: d.KeyConfidence,
        Energy: d.Energy,
        SpectralCentroidHz: d.SpectralCentroidHz,
        SpectralRolloffHz: d.SpectralRolloffHz,
        SpectralFlatness: d.SpectralFlatness,
        ZeroCrossingRate: d.ZeroCrossingRate,
        OnsetRate: d.OnsetRate);

    public static TrackFeatures ToContract(this TrackAudioFeatures features, string trackId, DateTimeOffset extractedAt) => new(
        TrackId: trackId,
        Descriptors: features.Descriptors.ToContract(),
        Embedding: features.Embedding,
        ExtractorVersion: features.ExtractorVersion,
        EmbeddingModelVersion: features.EmbeddingModelVersion,
        ExtractedAt: extractedAt);
}
