namespace OpenMrs.Contracts.Events;

/// <summary>Audio descriptors of a track, used by sequence-aware ordering and content similarity.</summary>
/// <param name="Key">Pitch class of the tonic, 0 = C ... 11 = B; null when unknown.</param>
/// <param name="Mode">1 = major, 0 = minor; null when unknown.</param>
public sealed record TrackDescriptors(
    double DurationSeconds,
    double LoudnessDb,
    double RmsLoudnessDb,
    double? TempoBpm = null,
    double? TempoConfidence = null,
    int? Key = null,
    int? Mode = null,
    double? KeyConfidence = null,
    double? Energy = null,
    double? SpectralCentroidHz = null,
    double? SpectralRolloffHz = null,
    double? SpectralFlatness = null,
    double? ZeroCrossingRate = null,
    double? OnsetRate = null);
