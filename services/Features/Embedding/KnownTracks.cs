using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OpenMrs.Contracts.Events;
using OpenMrs.Features.Configuration;

namespace OpenMrs.Features.Embedding;

/// <summary>
/// The catalogue this process has seen: the latest upsert with audio of each track, up to
/// <see cref="FeaturesOptions.MaxKnownTracks"/> tracks (later ones are not remembered). What a change of CNN weights re-embeds.
/// </summary>
public sealed class KnownTracks(IOptions<FeaturesOptions> options)
{
    private readonly ConcurrentDictionary<string, TrackUpsert> _tracks = new(StringComparer.Ordinal);

    public int Count => _tracks.Count;

    public void Remember(TrackUpsert track)
    {
        if (_tracks.ContainsKey(track.TrackId) || _tracks.Count < options.Value.MaxKnownTracks) _tracks[track.TrackId] = track;
    }

    public IReadOnlyList<TrackUpsert> Snapshot() => _tracks.Values.ToArray();
}
