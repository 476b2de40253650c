namespace OpenMrs.ModelStore.Store;

/// <summary>What <c>manifest.json</c> says about one model version.</summary>
/// <param name="Location">Path of the model file relative to the store root, with forward slashes.</param>
public sealed record ModelManifest(
    string Kind,
    string Version,
    string Location,
    long SizeBytes,
    string Sha256,
    DateTimeOffset CreatedAt,
    IReadOnlyDictionary<string, double>? Metrics = null,
    ModelProvenance? Provenance = null);
