namespace OpenMrs.Recommender.Data.Readers;

/// <summary>
/// The Audioscrobbler alias file: <c>bad_id \t good_id</c>. Chains (a → b → c) resolve to the last id; a cycle stops
/// at the id where it would repeat.
/// </summary>
public sealed class ArtistAliases
{
    private readonly Dictionary<string, string> _goodByBad;

    public ArtistAliases(IReadOnlyDictionary<string, string> goodByBad) => _goodByBad = new(goodByBad, StringComparer.Ordinal);

    public int Count => _goodByBad.Count;

    public static ArtistAliases Read(string path, ReaderOptions? options = null, ReadReport? report = null)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var pairs = new DelimitedLineReader(path, options, report).Read<(string, string)>('\t', Parse);
        foreach (var (bad, good) in pairs) map[bad] = good;
        return new ArtistAliases(map);
    }

    public string Resolve(string id)
    {
        var seen = 0;
        while (_goodByBad.TryGetValue(id, out var good) && good != id && seen++ < _goodByBad.Count) id = good;
        return id;
    }

    private static (string, string)? Parse(DelimitedLineReader.Line line)
    {
        FieldParsing.RequireFields(line, 2, "bad_id, good_id");
        return (FieldParsing.Id(line, 0, "bad_id"), FieldParsing.Id(line, 1, "good_id"));
    }
}
