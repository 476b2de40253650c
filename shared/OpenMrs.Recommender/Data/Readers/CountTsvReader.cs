namespace OpenMrs.Recommender.Data.Readers;

/// <summary>
/// Plain <c>user \t item \t count</c> files (the benchmark's synth_train / synth_test). A first line whose count is
/// not a number is taken as the header; a line with only two fields counts as one play.
/// </summary>
public static class CountTsvReader
{
    public static IEnumerable<InteractionRecord> Read(string path, ReaderOptions? options = null, ReadReport? report = null) =>
        new DelimitedLineReader(path, options, report).Read<InteractionRecord>('\t', Parse);

    private static InteractionRecord? Parse(DelimitedLineReader.Line line)
    {
        FieldParsing.RequireFields(line, 2, "user, item, count");
        if (line.Number == 1 && HeaderLike(line)) return null;
        var count = line.Fields.Length > 2 ? FieldParsing.Count(line, 2, "count") : 1f;
        return new InteractionRecord(FieldParsing.Id(line, 0, "user"), FieldParsing.Id(line, 1, "item"), count);
    }

    private static bool HeaderLike(DelimitedLineReader.Line line) =>
        line.Fields.Length > 2 && !double.TryParse(line.Fields[2], System.Globalization.CultureInfo.InvariantCulture, out _);
}
