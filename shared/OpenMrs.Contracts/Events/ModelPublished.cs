namespace OpenMrs.Contracts.Events;

/// <summary>Announces a new immutable model version in the model store. Kafka carries the announcement, never the weights.</summary>
/// <param name="ModelKind">Which model family, e.g. "popularity", "als"; the compacted <c>models</c> topic is keyed by it.</param>
/// <param name="Version">Monotonic, sortable version string.</param>
/// <param name="Location">Path of the model file relative to the model store root.</param>
/// <param name="Metrics">Offline evaluation figures that passed the publishing guardrail.</param>
public sealed record ModelPublished(
    string ModelKind,
    string Version,
    string Location,
    DateTimeOffset PublishedAt,
    IReadOnlyDictionary<string, double>? Metrics = null);
