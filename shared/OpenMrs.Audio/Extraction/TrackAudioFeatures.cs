using OpenMrs.Audio.Descriptors;

namespace OpenMrs.Audio.Extraction;

/// <summary>Everything extracted from one audio file.</summary>
/// <param name="Embedding">The CNN embedding; empty when the extractor runs without an embedder.</param>
/// <param name="EmbeddingModelVersion">The embedder's model version, null without one.</param>
/// <param name="Decoder">"managed-wav" or "ffmpeg".</param>
public sealed record TrackAudioFeatures(
    AudioDescriptors Descriptors,
    float[] Embedding,
    string ExtractorVersion,
    string? EmbeddingModelVersion,
    string Decoder)
{
    public double EmbeddingNorm => Math.Sqrt(Embedding.Sum(x => (double)x * x));
}
