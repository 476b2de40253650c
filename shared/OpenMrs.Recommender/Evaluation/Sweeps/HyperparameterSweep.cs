using System.Diagnostics;
using OpenMrs.Recommender.Models;

namespace OpenMrs.Recommender.Evaluation.Sweeps;

/// <summary>
/// Grid search on a validation split carved from the training data: each configuration of a <see cref="SweepPlan"/>
/// is fitted on <see cref="ValidationSplit.Fit"/> and scored with <see cref="Evaluator"/> on
/// <see cref="ValidationSplit.Validation"/>; the highest score wins, and ties keep the earlier trial (the default
/// comes first, so a grid must beat it to replace it). The test part is never an input here: confirm the winner by
/// fitting it on the whole training part and scoring it on test, next to the default.
/// </summary>
public static class HyperparameterSweep
{
    /// <summary>Runs every trial of <paramref name="plan"/> in turn; cost is (1 + grid size) fits and validation passes.</summary>
    public static SweepChoice Choose(
        SweepPlan plan, ValidationSplit split, SweepOptions? options = null,
        IProgress<SweepProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(split);
        options ??= new SweepOptions();
        var configurations = plan.Grid.Prepend(plan.BaseOptions).ToList();
        var trials = new List<SweepTrial>(configurations.Count);
        var winner = 0;
        for (var i = 0; i < configurations.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var trial = Score(plan.Model, configurations[i], isDefault: i == 0, split, options, cancellationToken);
            trials.Add(trial);
            if (Improves(trial.Score, trials[winner].Score)) winner = i;
            progress?.Report(new SweepProgress(plan.Model, i + 1, configurations.Count, trial));
        }
        return new SweepChoice(plan.Model, options.Metric, trials, winner);
    }

    /// <summary>
    /// True when <paramref name="score"/> beats <paramref name="best"/> by more than float noise (a relative 1e-9):
    /// the evaluator sums users' metrics in parallel in whatever order threads finish, so two identical configurations
    /// can differ in the last bits, and such a tie must keep the earlier trial.
    /// </summary>
    public static bool Improves(double score, double best) =>
        score > best + TieTolerance * Math.Max(1, Math.Abs(best));

    /// <summary>Relative difference below which two validation scores are a tie.</summary>
    public const double TieTolerance = 1e-9;

    private static SweepTrial Score(
        string model, IReadOnlyDictionary<string, string> configuration, bool isDefault, ValidationSplit split,
        SweepOptions options, CancellationToken cancellationToken)
    {
        var recommender = ModelCatalog.Create(model, configuration, options.Seed);
        var clock = Stopwatch.StartNew();
        recommender.Fit(split.Fit, cancellationToken: cancellationToken);
        var fitSeconds = clock.Elapsed.TotalSeconds;
        var result = Evaluator.Evaluate(recommender, split.Fit.UserItems, split.Validation.UserItems, split.Parts.TestUsers,
            options.Evaluation, cancellationToken: cancellationToken);
        var metrics = result.At(options.Metric.K);
        return new SweepTrial(configuration, isDefault, fitSeconds, metrics, options.Metric.Of(metrics));
    }
}
