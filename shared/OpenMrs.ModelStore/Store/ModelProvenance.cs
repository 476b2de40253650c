namespace OpenMrs.ModelStore.Store;

/// <summary>
/// How a model version came to be, kept in its manifest: the algorithm and its hyper-parameters, the data window
/// (event time) and event count it was trained on, and the version it replaced with that version's metrics, so
/// an operator can see why the guard let it through.
/// </summary>
public sealed record ModelProvenance(
    string Algorithm,
    IReadOnlyDictionary<string, string> Hyperparameters,
    DateTimeOffset? DataFrom,
    DateTimeOffset? DataTo,
    long EventCount,
    string? ReplacedVersion = null,
    IReadOnlyDictionary<string, double>? ReplacedMetrics = null);
