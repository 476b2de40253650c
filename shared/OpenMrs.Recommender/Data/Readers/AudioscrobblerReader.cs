namespace OpenMrs.Recommender.Data.Readers;

/// <summary>
/// Audioscrobbler 2005 <c>user_artist_data.txt</c>: <c>user artist playcount</c>, space separated, CRLF endings.
/// Pass the <c>artist_alias.txt</c> mapping to replace misspelt artist ids with their canonical ones.
/// </summary>
public static class AudioscrobblerReader
{
    public static IEnumerable<InteractionRecord> Read(
        string path, ArtistAliases? aliases = null, ReaderOptions? options = null, ReadReport? report = null) =>
        new DelimitedLineReader(path, options, report).Read<InteractionRecord>(' ', line => Parse(line, aliases));

    private static InteractionRecord? Parse(DelimitedLineReader.Line line, ArtistAliases? aliases)
    {
        FieldParsing.RequireFields(line, 3, "user, artist, play count");
        var artist = FieldParsing.Id(line, 1, "artist");
        return new InteractionRecord(
            FieldParsing.Id(line, 0, "user"),
            aliases?.Resolve(artist) ?? artist,
            FieldParsing.Count(line, 2, "play count"));
    }
}
