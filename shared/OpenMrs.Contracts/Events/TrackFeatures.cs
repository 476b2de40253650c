namespace OpenMrs.Contracts.Events;

/// <summary>Features extracted from a track's audio, keyed on the compacted <c>track-features</c> topic.</summary>
/// <param name="Embedding">The CNN audio embedding; empty when no embedding model ran.</param>
/// <param name="ExtractorVersion">Version of the descriptor pipeline that produced this record.</param>
/// <param name="EmbeddingModelVersion">Version of the CNN weights, e.g. "cnn-a@random-seed-42" or a trained version.</param>
public sealed record TrackFeatures(
    string TrackId,
    TrackDescriptors Descriptors,
    float[] Embedding,
    string ExtractorVersion,
    string? EmbeddingModelVersion,
    DateTimeOffset ExtractedAt);
