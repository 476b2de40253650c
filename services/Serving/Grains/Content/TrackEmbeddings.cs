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
    // A plain map replaced when forgotten: a concurrent one never shrinks, and enumerating the empty buckets a
    // 100,000-track fill left behind cost more than the search on every query.
    private readonly Lock _changesGate = new();
    private Dictionary<string, long> _changes = new(StringComparer.Ordinal);
    private volatile int _changeCount;
    private volatile ChangesAnswer? _lastAnswer;
    private long _version;

    /// <summary>Tracks with an embedding. Takes every lock of the map: on request paths ask <see cref="NeverFilled"/>.</summary>
    public int Count => _vectors.Count;

    /// <summary>True until the first embedding arrives; lock-free, for the per-request check of the audio generator.</summary>
    public bool NeverFilled => Version == 0;

    /// <summary>Grows by one on every change, so derived caches know when to refresh.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>A copy of every track's unit embedding, taken at once (LINQ over <see cref="All"/> reads the count and
    /// then copies, and an upsert in between throws); the arrays must not be changed.</summary>
    public KeyValuePair<string, float[]>[] ToArray() => _vectors.ToArray();

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
    public IReadOnlySet<string> ChangedAfter(long version)
    {
        if (_changeCount == 0) return NoChanges;
        // Every query of a miss asks the same question until the next change: answered once per (version, latest change).
        if (_lastAnswer is { } last && last.After == version && last.Latest == Version) return last.Changed;
        lock (_changesGate)
        {
            HashSet<string>? changed = null;
            foreach (var (trackId, at) in _changes)
                if (at > version) (changed ??= new HashSet<string>(StringComparer.Ordinal)).Add(trackId);
            // The version is read under the lock every change takes, so the answer holds exactly up to it.
            _lastAnswer = new ChangesAnswer(version, Version, (IReadOnlySet<string>?)changed ?? NoChanges);
            return _lastAnswer.Changed;
        }
    }

    private static readonly IReadOnlySet<string> NoChanges = new HashSet<string>();

    private sealed record ChangesAnswer(long After, long Latest, IReadOnlySet<string> Changed);

    /// <summary>Forgets changes up to <paramref name="version"/>, once a snapshot holds them (<see cref="AudioNeighbourIndex"/>).</summary>
    public void ForgetChangesUpTo(long version)
    {
        lock (_changesGate)
        {
            var kept = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (trackId, at) in _changes)
                if (at > version) kept[trackId] = at;
            _changes = kept;
            _changeCount = kept.Count;
        }
    }

    private void Changed(string trackId)
    {
        lock (_changesGate)
        {
            _changes[trackId] = Interlocked.Increment(ref _version);
            _changeCount = _changes.Count;
        }
    }
}
