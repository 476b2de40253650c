namespace OpenMrs.Recommender.Data.Readers;

/// <summary>One entry of the MSD track list.</summary>
public readonly record struct MsdTrack(string TrackId, string SongId, string Artist, string Title);

/// <summary>
/// The Million Song Dataset track list (<c>trackID&lt;SEP&gt;songID&lt;SEP&gt;artist&lt;SEP&gt;title</c>) and its
/// join to listening data on artist + title (case-insensitive). The first track listed wins when several share a key.
/// </summary>
public sealed class MsdTrackList
{
    private const string Separator = "<SEP>";
    private readonly Dictionary<string, MsdTrack> _byArtistTitle = new(StringComparer.Ordinal);

    public MsdTrackList(IEnumerable<MsdTrack> tracks)
    {
        foreach (var track in tracks) _byArtistTitle.TryAdd(TrackKey.FromArtistAndTitle(track.Artist, track.Title), track);
    }

    public int Count => _byArtistTitle.Count;

    public static IEnumerable<MsdTrack> ReadTracks(string path, ReaderOptions? options = null, ReadReport? report = null) =>
        new DelimitedLineReader(path, options, report).Read<MsdTrack>(Separator, Parse);

    public static MsdTrackList Read(string path, ReaderOptions? options = null, ReadReport? report = null) =>
        new(ReadTracks(path, options, report));

    public bool TryFind(string artist, string title, out MsdTrack track) =>
        _byArtistTitle.TryGetValue(TrackKey.FromArtistAndTitle(artist, title), out track);

    /// <summary>Re-keys scrobbles by MSD song id, dropping those with no match (<paramref name="unmatched"/> counts them).</summary>
    public IEnumerable<InteractionRecord> Join(IEnumerable<LastFmScrobble> scrobbles, Action? unmatched = null)
    {
        foreach (var scrobble in scrobbles)
        {
            if (TryFind(scrobble.Artist, scrobble.Track, out var track))
                yield return new InteractionRecord(scrobble.User, track.SongId, 1f, scrobble.Time);
            else
                unmatched?.Invoke();
        }
    }

    private static MsdTrack? Parse(DelimitedLineReader.Line line)
    {
        FieldParsing.RequireFields(line, 4, "trackID<SEP>songID<SEP>artist<SEP>title");
        return new MsdTrack(
            FieldParsing.Id(line, 0, "trackID"),
            FieldParsing.Id(line, 1, "songID"),
            line.Fields[2].Trim(),
            line.Fields[3].Trim());
    }
}
