using OpenMrs.Training.Cli.Eval;
using OpenMrs.Training.Cycles;

namespace OpenMrs.Training.Cli.Reports;

/// <summary>
/// What <c>train</c> or <c>eval --store</c> measured on a listening file's event-time holdout (the live training
/// cycle's protocol: <see cref="HoldoutSlice"/>, scored as served by <see cref="HoldoutEvaluator"/>), as written to the
/// console table, JSON and HTML.
/// </summary>
/// <param name="Command">"train" or "eval".</param>
/// <param name="Store">The model store directory.</param>
/// <param name="Popularity">Popularity fitted on the training part: the baseline every model is shown against.</param>
/// <param name="Notes">Lines worth reading next to the numbers (synthetic order, skipped lines, unknown users).</param>
public sealed record HoldoutReport(
    string Command,
    DatasetSummary Dataset,
    string Store,
    HoldoutMetrics Popularity,
    IReadOnlyList<HoldoutModelResult> Models,
    IReadOnlyList<string> Notes);

/// <summary>One model's held-out scores and, for <c>train</c>, the guard's decision.</summary>
/// <param name="Name">The model kind (<c>als</c>), or <c>KIND/VERSION</c> for a stored version.</param>
/// <param name="Seconds">Fit, evaluation and write time.</param>
/// <param name="Reference">What the guard compared with: "popularity" or "current VERSION".</param>
/// <param name="Published">True or false for <c>train</c>; null when nothing was decided (<c>eval --store</c>).</param>
/// <param name="Decision">The guard's reason ("published: …", "refused: …"), or a description.</param>
/// <param name="Version">The version written (train) or scored (eval); null when refused.</param>
public sealed record HoldoutModelResult(
    string Name,
    IReadOnlyDictionary<string, string> Options,
    double Seconds,
    HoldoutMetrics Metrics,
    string Reference,
    HoldoutMetrics ReferenceMetrics,
    bool? Published,
    string Decision,
    string? Version,
    IReadOnlyList<LossPoint> Loss)
{
    /// <summary>"published", "refused" or "scored".</summary>
    public string Outcome => Published switch { true => "published", false => "refused", null => "scored" };
}
