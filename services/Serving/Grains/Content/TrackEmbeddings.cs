using System.Collections.Concurrent;
using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Serving.Grains.Content;

/// <summary>
/// The latest audio embedding of every track announced on <c>track-features</c> (a compacted topic: the newest record
/// per track wins), L2-normalised, for audio-content neighbours (<see cref="AudioNeighbourIndex"/>), with the version of
/// every change since the index's snapshot. Memory: tracks × dimensions × 4 bytes.
/// </summary>
public sealed class TrackEmbeddings
{
    private readonly ConcurrentDictionary<string, float[]> _vectors = new(StringComparer.Ordinal);
    // The version of each track's latest change not yet in the neighbour index's snapshot: bounded by the catalogue.
    private readonly ConcurrentDictionary<string, long> _changes = new(StringComparer.Ordinal);
    private long _version;

    /// <summary>Tracks with an embedding. Takes every lock of the map: on request paths ask <see cref="NeverFilled"/>.</summary>
    public int Count => _vectors.Count;

    /// <summary>True until the first embedding arrives; lock-free, for the per-request check of the audio generator.</summary>
    public bool NeverFilled => Version == 0;

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
            if (_vectors.TryRemove(trackId, out _)) Changed(trackId);
            return;
        }
        var unit = embedding.ToArray();
        for (var i = 0; i < unit.Length; i++) unit[i] /= norm;
        _vectors[trackId] = unit;
        Changed(trackId);
    }

    public bool Contains(string trackId) => _vectors.ContainsKey(trackId);

    /// <summary>The track's L2-normalised embedding, or empty when it has none.</summary>
    public float[] Get(string trackId) => _vectors.TryGetValue(trackId, out var vector) ? vector : [];

    /// <summary>Tracks whose embedding changed (added, replaced or removed) after <paramref name="version"/>; empty when none.</summary>
    public IReadOnlyCollection<string> ChangedAfter(long version)
    {
        List<string>? changed = null;
        foreach (var (trackId, at) in _changes)
            if (at > version) (changed ??= []).Add(trackId);
        return (IReadOnlyCollection<string>?)changed ?? [];
    }

    /// <summary>Forgets changes up to <paramref name="version"/>, once a snapshot holds them (<see cref="AudioNeighbourIndex"/>).</summary>
    public void ForgetChangesUpTo(long version)
    {
        foreach (var change in _changes)
            if (change.Value <= version) _changes.TryRemove(change);
    }

    private void Changed(string trackId) => _changes[trackId] = Interlocked.Increment(ref _version);
}
