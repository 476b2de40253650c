using System.Collections.Concurrent;
using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Serving.Grains.Content;

/// <summary>
/// The latest audio embedding of every track announced on <c>track-features</c> (a compacted topic: the newest record
/// per track wins), L2-normalised, for audio-content neighbours. Memory: tracks × dimensions × 4 bytes.
/// </summary>
public sealed class TrackEmbeddings
{
    private readonly ConcurrentDictionary<string, float[]> _vectors = new(StringComparer.Ordinal);
    private long _version;

    /// <summary>Tracks with an embedding. Takes every lock of the map: on request paths ask <see cref="IsEmpty"/>.</summary>
    public int Count => _vectors.Count;

    /// <summary>True before any embedding arrived; lock-free, for the per-request check of the audio generator.</summary>
    public bool IsEmpty => _vectors.IsEmpty;

    /// <summary>Grows by one on every change, so derived caches know when to refresh.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Every track's unit embedding; the arrays must not be changed.</summary>
    public IEnumerable<KeyValuePair<string, float[]>> All => _vectors;

    /// <summary>The track's unit embedding (do not change it), or null.</summary>
    public float[]? Find(string trackId) => _vectors.GetValueOrDefault(trackId);

    /// <summary>Stores <paramref name="embedding"/> for the track; an empty or non-finite or zero vector removes it.</summary>
    public void Upsert(string trackId, ReadOnlySpan<float> embedding)
    {
        var norm = VectorOps.Norm(embedding);
        if (embedding.Length == 0 || !float.IsFinite(norm) || norm == 0)
        {
            if (_vectors.TryRemove(trackId, out _)) Interlocked.Increment(ref _version);
            return;
        }
        var unit = embedding.ToArray();
        for (var i = 0; i < unit.Length; i++) unit[i] /= norm;
        _vectors[trackId] = unit;
        Interlocked.Increment(ref _version);
    }

    public bool Contains(string trackId) => _vectors.ContainsKey(trackId);

    /// <summary>The track's L2-normalised embedding, or empty when it has none.</summary>
    public float[] Get(string trackId) => _vectors.TryGetValue(trackId, out var vector) ? vector : [];

    /// <summary>The <paramref name="count"/> tracks whose embeddings have the highest cosine with the track's, itself and <paramref name="skip"/> excluded; exact scan.</summary>
    public IReadOnlyList<(string TrackId, float Cosine)> Nearest(string trackId, int count, IReadOnlySet<string>? skip = null)
    {
        if (!_vectors.TryGetValue(trackId, out var query)) return [];
        var best = new PriorityQueue<string, float>();
        foreach (var (other, vector) in _vectors)
        {
            if (other == trackId || vector.Length != query.Length || skip?.Contains(other) == true) continue;
            var cosine = VectorOps.Dot(query, vector);
            if (best.Count < count) best.Enqueue(other, cosine);
            else if (best.TryPeek(out _, out var worst) && cosine > worst) best.EnqueueDequeue(other, cosine);
        }
        var result = new List<(string, float)>(best.Count);
        while (best.TryDequeue(out var id, out var cosine)) result.Add((id, cosine));
        result.Reverse();
        return result;
    }
}
