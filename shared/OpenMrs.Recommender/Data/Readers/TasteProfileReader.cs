namespace OpenMrs.Recommender.Data.Readers;

/// <summary>Echo Nest Taste Profile / MSD triplets: <c>user \t song \t play-count</c>, no header.</summary>
public static class TasteProfileReader
{
    public static IEnumerable<InteractionRecord> Read(string path, ReaderOptions? options = null, ReadReport? report = null) =>
        new DelimitedLineReader(path, options, report).Read<InteractionRecord>('\t', Parse);

    private static InteractionRecord? Parse(DelimitedLineReader.Line line)
    {
        FieldParsing.RequireFields(line, 3, "user, song, play count");
        return new InteractionRecord(
            FieldParsing.Id(line, 0, "user"),
            FieldParsing.Id(line, 1, "song"),
            FieldParsing.Count(line, 2, "play count"));
    }
}
