namespace OpenMrs.ModelStore.Store;

/// <summary>
/// Versioned, immutable model files. A version, once visible, never changes: writers create a new version,
/// readers open a version by name. Versions of one kind sort in publication order by ordinal string comparison.
/// </summary>
public interface IModelStore
{
    /// <summary>
    /// Writes a new version of <paramref name="kind"/> atomically: readers see either no version or the whole one.
    /// <paramref name="writeModel"/> writes the model bytes into the stream it is given.
    /// </summary>
    Task<ModelManifest> WriteAsync(
        string kind,
        Func<Stream, CancellationToken, Task> writeModel,
        IReadOnlyDictionary<string, double>? metrics = null,
        CancellationToken cancellationToken = default) => WriteAsync(kind, writeModel, metrics, null, cancellationToken);

    /// <summary>As <see cref="WriteAsync(string, Func{Stream, CancellationToken, Task}, IReadOnlyDictionary{string, double}?, CancellationToken)"/>, with the version's provenance in its manifest.</summary>
    Task<ModelManifest> WriteAsync(
        string kind,
        Func<Stream, CancellationToken, Task> writeModel,
        IReadOnlyDictionary<string, double>? metrics,
        ModelProvenance? provenance,
        CancellationToken cancellationToken = default);

    /// <summary>All complete versions of <paramref name="kind"/>, oldest first.</summary>
    IReadOnlyList<string> ListVersions(string kind);

    /// <summary>The newest complete version of <paramref name="kind"/>, or null when there is none.</summary>
    string? LatestVersion(string kind);

    /// <exception cref="ModelNotFoundException">No such version.</exception>
    ModelManifest ReadManifest(string kind, string version);

    /// <summary>Opens the model file of a version for reading. The caller disposes the stream.</summary>
    /// <exception cref="ModelNotFoundException">No such version.</exception>
    Stream OpenRead(string kind, string version);
}
