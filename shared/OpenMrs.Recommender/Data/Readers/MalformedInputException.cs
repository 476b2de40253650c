namespace OpenMrs.Recommender.Data.Readers;

/// <summary>A line of an input file that cannot be parsed. The message names the file, the 1-based line and the problem.</summary>
public sealed class MalformedInputException(string file, long lineNumber, string reason)
    : FormatException($"{file}:{lineNumber}: {reason}")
{
    public string File { get; } = file;
    public long LineNumber { get; } = lineNumber;
    public string Reason { get; } = reason;
}
