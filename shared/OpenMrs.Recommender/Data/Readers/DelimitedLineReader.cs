namespace OpenMrs.Recommender.Data.Readers;

/// <summary>
/// Streams a text file line by line, splitting each into fields and applying the strict / skip policy for bad lines.
/// Every format reader is a small parse function on top of this. CRLF and LF endings are both accepted; blank lines are ignored.
/// </summary>
public sealed class DelimitedLineReader(string path, ReaderOptions? options = null, ReadReport? report = null)
{
    private readonly ReaderOptions _options = options ?? ReaderOptions.Strict;

    public string Path { get; } = path;
    public ReadReport Report { get; } = report ?? new ReadReport();

    /// <summary>A line's fields and its 1-based number, handed to a parse function.</summary>
    public readonly record struct Line(string[] Fields, long Number, string Text);

    /// <summary>
    /// Reads the file, calling <paramref name="parse"/> for each non-blank line; a parse function reports a bad line
    /// by throwing <see cref="LineFormatException"/>, and returns null for a line it deliberately ignores (a header).
    /// </summary>
    public IEnumerable<T> Read<T>(char separator, Func<Line, T?> parse) where T : struct =>
        Read(text => text.Split(separator), parse);

    public IEnumerable<T> Read<T>(string separator, Func<Line, T?> parse) where T : struct =>
        Read(text => text.Split(separator), parse);

    private IEnumerable<T> Read<T>(Func<string, string[]> split, Func<Line, T?> parse) where T : struct
    {
        using var reader = Open();
        long number = 0;
        while (reader.ReadLine() is { } text)
        {
            number++;
            Report.Lines = number;
            if (text.Length == 0 || string.IsNullOrWhiteSpace(text)) continue;
            T? parsed;
            try
            {
                parsed = parse(new Line(split(text), number, text));
            }
            catch (LineFormatException problem)
            {
                var error = new MalformedInputException(Path, number, problem.Message);
                if (!_options.SkipMalformedLines) throw error;
                Report.Skip(error);
                continue;
            }
            if (parsed is not { } value) continue;
            Report.Records++;
            yield return value;
        }
    }

    private StreamReader Open()
    {
        try
        {
            return new StreamReader(new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException(Path, e.Message, e);
        }
    }
}

/// <summary>Thrown by a parse function to say what is wrong with the current line; the reader adds the file and line.</summary>
public sealed class LineFormatException(string reason) : Exception(reason);

/// <summary>An input file that cannot be opened or read.</summary>
public sealed class InputFileException(string file, string reason, Exception? inner = null)
    : IOException($"{file}: {reason}", inner)
{
    public string File { get; } = file;
}
