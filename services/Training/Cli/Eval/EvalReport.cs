using OpenMrs.Recommender.Evaluation;
using OpenMrs.Recommender.Evaluation.Sequences;

namespace OpenMrs.Training.Cli.Eval;

/// <summary>Everything one <c>eval</c> run measured, as written to the console table, JSON and HTML.</summary>
public sealed record EvalReport(
    DatasetSummary Dataset,
    int Seed,
    IReadOnlyList<int> Ks,
    bool PlayCountGains,
    IReadOnlyList<ModelResult> Models)
{
    /// <summary>The metric names of this run (every model is scored by the same protocol).</summary>
    public IReadOnlyList<string> MetricNames => Models.Count == 0 ? [] : Models[0].Scores.Names;
}

public sealed record DatasetSummary(
    string Path, string Format, string? TestPath, int Users, int Items, long TrainInteractions, long TestInteractions,
    int TestUsers, long Records, long SkippedLines, int DroppedColdTestCells, string Split);

public sealed record ModelResult(
    string Name,
    IReadOnlyDictionary<string, string> Options,
    double FitSeconds,
    ModelScores Scores,
    IReadOnlyList<LossPoint> Loss);

/// <summary>A model's metrics at each k, whichever protocol produced them.</summary>
/// <param name="Evaluated">Users (top-N protocols) or predicted steps (next-track protocol) scored.</param>
public sealed record ModelScores(IReadOnlyList<string> Names, IReadOnlyList<ScoresAtK> AtK, long Evaluated, double Seconds)
{
    /// <summary>Next-track protocol only: the whole result, with the key and tempo smoothness when descriptors were given.</summary>
    public NextItemResult? NextItem { get; init; }

    public static ModelScores From(EvaluationResult result) =>
        new(MetricsAtK.Names, [.. result.AtK.Select(m => new ScoresAtK(m.K, m.Values))], result.Users, result.Seconds);

    public static ModelScores From(NextItemResult result, double seconds) =>
        new(["hitrate", "mrr", "ndcg"], [.. result.AtK.Select(m => new ScoresAtK(m.K, [m.HitRate, m.Mrr, m.Ndcg]))], result.Steps, seconds) { NextItem = result };
}

public sealed record ScoresAtK(int K, IReadOnlyList<double> Values);
