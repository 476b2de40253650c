namespace OpenMrs.Recommender.Data.Readers;

/// <summary>How a reader treats bad input.</summary>
public sealed record ReaderOptions
{
    public static ReaderOptions Strict { get; } = new();
    public static ReaderOptions Lenient { get; } = new() { SkipMalformedLines = true };

    /// <summary>When true a malformed line is counted in <see cref="ReadReport"/> and skipped; when false it throws <see cref="MalformedInputException"/>.</summary>
    public bool SkipMalformedLines { get; init; }
}
