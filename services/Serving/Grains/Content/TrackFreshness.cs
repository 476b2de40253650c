using System.Collections.Concurrent;

namespace OpenMrs.Serving.Grains.Content;

/// <summary>
/// When each track was first announced on <c>tracks</c> (the first upsert's Kafka timestamp), for the freshness boost.
/// Memory: about 100 bytes a track.
/// </summary>
public sealed class TrackFreshness(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _firstSeen = new(StringComparer.Ordinal);

    /// <summary>Records the track's first appearance; later upserts keep the first time.</summary>
    public void Seen(string trackId, DateTimeOffset at) => _firstSeen.AddOrUpdate(trackId, at, (_, known) => at < known ? at : known);

    /// <summary>1 for a track announced just now, fading linearly to 0 at <paramref name="window"/> old; 0 for unknown tracks.</summary>
    public double Freshness(string trackId, TimeSpan window)
    {
        if (!_firstSeen.TryGetValue(trackId, out var at)) return 0;
        var age = time.GetUtcNow() - at;
        return age < TimeSpan.Zero ? 1 : Math.Max(0, 1 - age / window);
    }
}
