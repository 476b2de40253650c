namespace OpenMrs.Audio.Descriptors;

/// <summary>Descriptors of one track's audio. Definitions: services/Features/README.md.</summary>
/// <param name="Key">Pitch class of the tonic, 0 = C … 11 = B; null when no pitched content was found.</param>
/// <param name="Mode">1 = major, 0 = minor; null with <paramref name="Key"/>.</param>
public sealed record AudioDescriptors(
    double DurationSeconds,
    double LoudnessDb,
    double RmsLoudnessDb,
    double? TempoBpm,
    double? TempoConfidence,
    int? Key,
    int? Mode,
    double? KeyConfidence,
    double Energy,
    double SpectralCentroidHz,
    double SpectralRolloffHz,
    double SpectralFlatness,
    double ZeroCrossingRate,
    double OnsetRate);
