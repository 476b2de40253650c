namespace OpenMrs.Training.Cycles;

/// <summary>What one training cycle decided for one model kind; shown on <c>/v1/training/status</c> and logged.</summary>
/// <param name="Reference">What the candidate was compared with: "current {version}" or "popularity".</param>
public sealed record CycleReport(
    string Kind,
    DateTimeOffset FinishedAt,
    bool Published,
    string Reason,
    long EventCount,
    int Interactions,
    IReadOnlyDictionary<string, double> Candidate,
    string Reference,
    IReadOnlyDictionary<string, double> ReferenceMetrics,
    string? PublishedVersion,
    double FitSeconds);
