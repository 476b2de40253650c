namespace OpenMrs.Recommender.Data.Readers;

/// <summary>
/// 30Music session files: a header <c>UserId SessionId ItemId Time ArtistId</c>, then tab-separated rows, each
/// session's rows in time order. Each row is one play carrying its session and unix time, so sequence evaluation
/// can rebuild the sessions.
/// </summary>
public static class ThirtyMusicReader
{
    public static IEnumerable<InteractionRecord> Read(string path, ReaderOptions? options = null, ReadReport? report = null) =>
        new DelimitedLineReader(path, options, report).Read<InteractionRecord>('\t', Parse);

    /// <summary>
    /// Each row's track and artist (<c>ItemId</c>, <c>ArtistId</c>), as the file's catalogue: rows without an artist are
    /// skipped, and a malformed row is handled as <see cref="Read"/> handles it.
    /// </summary>
    public static IEnumerable<(string Track, string Artist)> Artists(string path, ReaderOptions? options = null, ReadReport? report = null) =>
        new DelimitedLineReader(path, options, report).Read<(string Track, string Artist)>('\t', ParseArtist);

    private static (string Track, string Artist)? ParseArtist(DelimitedLineReader.Line line)
    {
        if (Parse(line) is not { } record || line.Fields.Length < 5) return null;
        var artist = line.Fields[4].Trim();
        return artist.Length == 0 ? null : (record.Item, artist);
    }

    private static InteractionRecord? Parse(DelimitedLineReader.Line line)
    {
        FieldParsing.RequireFields(line, 4, "UserId, SessionId, ItemId, Time, ArtistId");
        if (line.Number == 1 && line.Fields[0].Trim().Equals("UserId", StringComparison.OrdinalIgnoreCase)) return null;
        var user = FieldParsing.Id(line, 0, "UserId");
        var session = FieldParsing.Id(line, 1, "SessionId");
        var item = FieldParsing.Id(line, 2, "ItemId");
        var time = FieldParsing.UnixSeconds(line, 3, "Time");
        return new InteractionRecord(user, item, 1f, time, session);
    }
}
