using System.Collections.Concurrent;
using OpenMrs.Contracts.Events;

namespace OpenMrs.Training.Catalog;

/// <summary>The tracks the catalog has announced, latest upsert wins (the <c>tracks</c> topic is compacted).</summary>
public sealed class TrackCatalog
{
    private readonly ConcurrentDictionary<string, TrackUpsert> _tracks = new(StringComparer.Ordinal);

    public int Count => _tracks.Count;

    public void Upsert(TrackUpsert track) => _tracks[track.TrackId] = track;

    public TrackUpsert? Find(string trackId) => _tracks.GetValueOrDefault(trackId);
}
