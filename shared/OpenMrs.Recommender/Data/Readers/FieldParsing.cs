using System.Globalization;

namespace OpenMrs.Recommender.Data.Readers;

/// <summary>Field checks shared by the format readers; each failure throws <see cref="LineFormatException"/> with a clear reason.</summary>
internal static class FieldParsing
{
    public static void RequireFields(DelimitedLineReader.Line line, int count, string layout)
    {
        if (line.Fields.Length < count)
            throw new LineFormatException($"expected {count} fields ({layout}) but found {line.Fields.Length}");
    }

    public static string Id(DelimitedLineReader.Line line, int index, string name)
    {
        var value = line.Fields[index].Trim();
        if (value.Length == 0) throw new LineFormatException($"{name} is empty");
        return value;
    }

    public static float Count(DelimitedLineReader.Line line, int index, string name)
    {
        var text = line.Fields[index].Trim();
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
            throw new LineFormatException($"{name} '{text}' is not a number");
        if (value <= 0) throw new LineFormatException($"{name} {text} is not positive");
        return value;
    }

    public static long UnixSeconds(DelimitedLineReader.Line line, int index, string name)
    {
        var text = line.Fields[index].Trim();
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw new LineFormatException($"{name} '{text}' is not a unix time in seconds");
        return value;
    }

    public static long IsoTime(DelimitedLineReader.Line line, int index, string name)
    {
        var text = line.Fields[index].Trim();
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            throw new LineFormatException($"{name} '{text}' is not an ISO-8601 time");
        return time.ToUnixTimeSeconds();
    }
}
