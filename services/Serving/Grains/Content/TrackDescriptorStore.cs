using System.Collections.Concurrent;
using OpenMrs.Contracts.Events;

namespace OpenMrs.Serving.Grains.Content;

/// <summary>
/// The latest audio descriptors (tempo, key, mode, energy, loudness, spectral shape ...) of every track announced on
/// <c>track-features</c>, for playlist continuation. <see cref="Version"/> moves on every change, so derived state
/// (the per-feature scaling) can be cached until the next one.
/// </summary>
public sealed class TrackDescriptorStore
{
    private readonly ConcurrentDictionary<string, TrackDescriptors> _descriptors = new(StringComparer.Ordinal);
    private long _version;

    public int Count => _descriptors.Count;

    /// <summary>Bumped on every upsert or removal.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Stores the track's descriptors; null removes them.</summary>
    public void Upsert(string trackId, TrackDescriptors? descriptors)
    {
        if (descriptors is null) _descriptors.TryRemove(trackId, out _);
        else _descriptors[trackId] = descriptors;
        Interlocked.Increment(ref _version);
    }

    public bool TryGet(string trackId, out TrackDescriptors descriptors) => _descriptors.TryGetValue(trackId, out descriptors!);

    /// <summary>A snapshot of every track's descriptors (for scaling statistics).</summary>
    public IEnumerable<TrackDescriptors> All => _descriptors.Values;
}
