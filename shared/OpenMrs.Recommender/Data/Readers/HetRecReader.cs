namespace OpenMrs.Recommender.Data.Readers;

/// <summary>HetRec 2011 Last.fm <c>user_artists.dat</c>: a header, then <c>userID \t artistID \t weight</c>.</summary>
public static class HetRecReader
{
    public static IEnumerable<InteractionRecord> Read(string path, ReaderOptions? options = null, ReadReport? report = null) =>
        new DelimitedLineReader(path, options, report).Read<InteractionRecord>('\t', Parse);

    private static InteractionRecord? Parse(DelimitedLineReader.Line line)
    {
        FieldParsing.RequireFields(line, 3, "userID, artistID, weight");
        if (line.Number == 1 && line.Fields[0].Trim().Equals("userID", StringComparison.OrdinalIgnoreCase)) return null;
        return new InteractionRecord(
            FieldParsing.Id(line, 0, "userID"),
            FieldParsing.Id(line, 1, "artistID"),
            FieldParsing.Count(line, 2, "weight"));
    }
}
