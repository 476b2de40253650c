using System.Collections.Concurrent;
using OpenMrs.Contracts.Events;

namespace OpenMrs.Training.Catalog;

/// <summary>
/// The latest audio embedding of every track on <c>track-features</c> (compacted: the newest record wins), the audio
/// input of the content-to-factors model, and its descriptors (tempo, key, mode, energy, ...), the sequence model's
/// input. Memory: tracks × (dimensions × 4 + about 200) bytes.
/// </summary>
public sealed class TrackFeatureStore
{
    private readonly ConcurrentDictionary<string, float[]> _embeddings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TrackDescriptors> _descriptors = new(StringComparer.Ordinal);

    private long _version;

    public int Count => _embeddings.Count;

    /// <summary>How many <c>track-features</c> records were stored; a change means the content models' inputs changed.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Stores the embedding; an empty one (no embedding model ran) removes the track.</summary>
    public void Upsert(string trackId, float[]? embedding)
    {
        if (embedding is not { Length: > 0 }) _embeddings.TryRemove(trackId, out _);
        else _embeddings[trackId] = embedding;
        Interlocked.Increment(ref _version);
    }

    public float[]? Find(string trackId) => _embeddings.GetValueOrDefault(trackId);

    /// <summary>Tracks whose descriptors are known.</summary>
    public int DescribedCount => _descriptors.Count;

    /// <summary>Stores a <c>track-features</c> record: its descriptors and (<see cref="Upsert(string, float[])"/>) its embedding.</summary>
    public void Upsert(TrackFeatures features)
    {
        if (features.Descriptors is null) _descriptors.TryRemove(features.TrackId, out _);
        else _descriptors[features.TrackId] = features.Descriptors;
        Upsert(features.TrackId, features.Embedding);
    }

    /// <summary>The track's latest descriptors, or null when it has none.</summary>
    public TrackDescriptors? Descriptors(string trackId) => _descriptors.GetValueOrDefault(trackId);
}
