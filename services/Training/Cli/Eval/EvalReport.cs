using OpenMrs.Recommender.Evaluation;

namespace OpenMrs.Training.Cli.Eval;

/// <summary>Everything one <c>eval</c> run measured, as written to the console table, JSON and HTML.</summary>
public sealed record EvalReport(
    DatasetSummary Dataset,
    int Seed,
    IReadOnlyList<int> Ks,
    bool PlayCountGains,
    IReadOnlyList<ModelResult> Models);

public sealed record DatasetSummary(
    string Path, string Format, string? TestPath, int Users, int Items, long TrainInteractions, long TestInteractions,
    int TestUsers, long Records, long SkippedLines, int DroppedColdTestCells, string Split);

public sealed record ModelResult(
    string Name,
    IReadOnlyDictionary<string, string> Options,
    double FitSeconds,
    EvaluationResult Evaluation,
    IReadOnlyList<LossPoint> Loss);
