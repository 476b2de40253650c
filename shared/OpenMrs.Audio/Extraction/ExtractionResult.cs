using OpenMrs.Audio.Decoding;

namespace OpenMrs.Audio.Extraction;

/// <summary>The outcome for one file of a batch: features, or the typed reason it could not be read.</summary>
public sealed record ExtractionResult(string Path, TrackAudioFeatures? Features, AudioDecodeException? Error)
{
    public bool Succeeded => Features is not null;
}
