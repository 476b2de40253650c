using System.Globalization;

namespace OpenMrs.Recommender.Data.Readers;

/// <summary>
/// Session files in the layout of the session-based benchmarks (GRU4Rec, session-rec): tab-separated, a header line
/// naming the user, session, item and time columns in any order, then one play per row with its unix time in seconds.
/// Header names are matched case-insensitively without underscores: <c>user</c>/<c>UserId</c>,
/// <c>session</c>/<c>SessionId</c>, <c>item</c>/<c>ItemId</c>/<c>track</c>/<c>TrackId</c>, <c>time</c>/<c>Time</c>/<c>timestamp</c>/<c>ts</c>.
/// Other columns (30Music's <c>ArtistId</c>) are ignored, so 30Music files read as they are. A fractional time is
/// truncated to whole seconds. A missing header stops the read (it cannot be skipped) with a one-line error.
/// </summary>
public static class SessionTsvReader
{
    private const string Layout = "user, session, item, time";

    private static readonly (string Column, string[] Names)[] Known =
    [
        ("user", ["user", "userid"]),
        ("session", ["session", "sessionid"]),
        ("item", ["item", "itemid", "track", "trackid"]),
        ("time", ["time", "timestamp", "ts"]),
    ];

    public static IEnumerable<InteractionRecord> Read(string path, ReaderOptions? options = null, ReadReport? report = null)
    {
        int[]? columns = null; // per enumeration: this is an iterator
        var rows = new DelimitedLineReader(path, options, report).Read<InteractionRecord>('\t', line =>
        {
            if (columns is null)
            {
                columns = Header(path, line);
                return null;
            }
            FieldParsing.RequireFields(line, columns.Max() + 1, Layout);
            return new InteractionRecord(
                FieldParsing.Id(line, columns[0], "user"), FieldParsing.Id(line, columns[2], "item"), 1f,
                Time(line, columns[3]), FieldParsing.Id(line, columns[1], "session"));
        });
        foreach (var row in rows) yield return row;
    }

    /// <summary>The field index of user, session, item and time, from the first non-blank line.</summary>
    private static int[] Header(string path, DelimitedLineReader.Line line)
    {
        var names = line.Fields.Select(f => f.Trim().Replace("_", "", StringComparison.Ordinal).ToLowerInvariant()).ToList();
        var columns = Known.Select(k => names.FindIndex(n => k.Names.Contains(n))).ToArray();
        var missing = Known.Where((_, i) => columns[i] < 0).Select(k => k.Column).ToList();
        if (missing.Count > 0)
            throw new MalformedInputException(path, line.Number,
                $"expected a tab-separated header naming the {Layout} columns; no {string.Join(", ", missing)} column in '{line.Text}'");
        return columns;
    }

    private static long Time(DelimitedLineReader.Line line, int index)
    {
        var text = line.Fields[index].Trim();
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)) return seconds;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var fractional) && double.IsFinite(fractional)
            && Math.Abs(fractional) < 1e15)
            return (long)Math.Floor(fractional);
        throw new LineFormatException($"time '{text}' is not a unix time in seconds");
    }
}
