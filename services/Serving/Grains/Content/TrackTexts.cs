using System.Collections.Concurrent;
using OpenMrs.Contracts.Events;
using OpenMrs.Recommender.Text;

namespace OpenMrs.Serving.Grains.Content;

/// <summary>
/// The latest text of every track announced on <c>tracks</c> (title, artist, album, tags, description), for the
/// content-to-factors cold start. Memory: the tracks' text, a few hundred bytes a track.
/// </summary>
public sealed class TrackTexts
{
    private readonly ConcurrentDictionary<string, TrackText> _texts = new(StringComparer.Ordinal);
    private long _version;

    public int Count => _texts.Count;

    /// <summary>Grows by one on every change, so derived caches know when to refresh.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>All tracks with text.</summary>
    public IEnumerable<KeyValuePair<string, TrackText>> All => _texts;

    public void Upsert(TrackUpsert track)
    {
        _texts[track.TrackId] = new TrackText(track.Title ?? "", track.Artist ?? "", track.Album, track.Tags, track.Text);
        Interlocked.Increment(ref _version);
    }

    public TrackText? Find(string trackId) => _texts.GetValueOrDefault(trackId);
}
