namespace OpenMrs.Recommender.Data.Readers;

/// <summary>One scrobble of the Last.fm-1K file.</summary>
public readonly record struct LastFmScrobble(string User, long Time, string ArtistMbid, string Artist, string TrackMbid, string Track)
{
    /// <summary>The track's MusicBrainz id, or the artist+title key when the file has none.</summary>
    public string TrackKey => TrackMbid.Length > 0 ? TrackMbid : Readers.TrackKey.FromArtistAndTitle(Artist, Track);

    public InteractionRecord ToInteraction() => new(User, TrackKey, 1f, Time);
}

/// <summary>
/// Last.fm-1K TSV: <c>user, ISO-timestamp, artist-mbid, artist, track-mbid, track</c>, one play per line.
/// A header line (second field "timestamp") is skipped.
/// </summary>
public static class LastFm1kReader
{
    private const string Layout = "user, timestamp, artist-mbid, artist, track-mbid, track";

    public static IEnumerable<LastFmScrobble> ReadScrobbles(string path, ReaderOptions? options = null, ReadReport? report = null) =>
        new DelimitedLineReader(path, options, report).Read<LastFmScrobble>('\t', Parse);

    public static IEnumerable<InteractionRecord> Read(string path, ReaderOptions? options = null, ReadReport? report = null) =>
        ReadScrobbles(path, options, report).Select(s => s.ToInteraction());

    private static LastFmScrobble? Parse(DelimitedLineReader.Line line)
    {
        FieldParsing.RequireFields(line, 6, Layout);
        if (line.Number == 1 && line.Fields[1].Trim().Equals("timestamp", StringComparison.OrdinalIgnoreCase)) return null;
        var user = FieldParsing.Id(line, 0, "user");
        var time = FieldParsing.IsoTime(line, 1, "timestamp");
        var artist = line.Fields[3].Trim();
        var trackMbid = line.Fields[4].Trim();
        var track = line.Fields[5].Trim();
        if (trackMbid.Length == 0 && (artist.Length == 0 || track.Length == 0))
            throw new LineFormatException("track has neither a MusicBrainz id nor an artist and title");
        return new LastFmScrobble(user, time, line.Fields[2].Trim(), artist, trackMbid, track);
    }
}
