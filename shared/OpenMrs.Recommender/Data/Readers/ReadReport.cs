namespace OpenMrs.Recommender.Data.Readers;

/// <summary>What a reader saw: lines read, records produced, malformed lines skipped (with the first few reasons).</summary>
public sealed class ReadReport
{
    private const int KeptReasons = 10;
    private readonly List<string> _firstProblems = [];

    public long Lines { get; internal set; }
    public long Records { get; internal set; }
    public long SkippedLines { get; private set; }

    /// <summary>The first few skipped lines as "file:line: reason".</summary>
    public IReadOnlyList<string> FirstProblems => _firstProblems;

    internal void Skip(MalformedInputException problem)
    {
        SkippedLines++;
        if (_firstProblems.Count < KeptReasons) _firstProblems.Add(problem.Message);
    }

    public override string ToString() =>
        $"{Records:N0} records from {Lines:N0} lines, {SkippedLines:N0} malformed lines skipped";
}
