using System.Collections.Concurrent;

namespace OpenMrs.Training.Catalog;

/// <summary>
/// The latest audio embedding of every track on <c>track-features</c> (compacted: the newest record wins), the audio
/// input of the content-to-factors model. Memory: tracks × dimensions × 4 bytes.
/// </summary>
public sealed class TrackFeatureStore
{
    private readonly ConcurrentDictionary<string, float[]> _embeddings = new(StringComparer.Ordinal);

    public int Count => _embeddings.Count;

    /// <summary>Stores the embedding; an empty one (no embedding model ran) removes the track.</summary>
    public void Upsert(string trackId, float[]? embedding)
    {
        if (embedding is not { Length: > 0 }) _embeddings.TryRemove(trackId, out _);
        else _embeddings[trackId] = embedding;
    }

    public float[]? Find(string trackId) => _embeddings.GetValueOrDefault(trackId);
}
