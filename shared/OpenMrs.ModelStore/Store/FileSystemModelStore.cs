using System.Security.Cryptography;
using System.Text.Json;

namespace OpenMrs.ModelStore.Store;

/// <summary>
/// The model store over a directory tree: <c>{root}/{kind}/{version}/model.bin</c> and <c>manifest.json</c>.
/// A version is written into a hidden temporary directory and renamed into place, so it appears whole or not at
/// all; a directory without a manifest is never listed. After each write only the newest <c>keepVersions</c> of the
/// kind are kept (a reader that already opened an older file keeps reading it). Works on a local disk or a shared volume.
/// </summary>
public sealed class FileSystemModelStore : IModelStore
{
    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly string _root;
    private readonly ModelVersionClock _clock;
    private readonly Lock _writeGate = new();
    private readonly int _keepVersions;

    public const int DefaultKeepVersions = 20;

    public FileSystemModelStore(string rootPath, ModelVersionClock? clock = null, int keepVersions = DefaultKeepVersions)
    {
        if (string.IsNullOrWhiteSpace(rootPath)) throw new ModelStoreException("the model store path is empty");
        if (keepVersions < 1) throw new ModelStoreException("the model store must keep at least one version");
        _root = Path.GetFullPath(rootPath);
        _clock = clock ?? new ModelVersionClock();
        _keepVersions = keepVersions;
        Directory.CreateDirectory(_root);
    }

    public string RootPath => _root;

    public Task<ModelManifest> WriteAsync(
        string kind,
        Func<Stream, CancellationToken, Task> writeModel,
        IReadOnlyDictionary<string, double>? metrics = null,
        CancellationToken cancellationToken = default) => WriteAsync(kind, writeModel, metrics, null, cancellationToken);

    public async Task<ModelManifest> WriteAsync(
        string kind,
        Func<Stream, CancellationToken, Task> writeModel,
        IReadOnlyDictionary<string, double>? metrics,
        ModelProvenance? provenance,
        CancellationToken cancellationToken = default)
    {
        ModelStoreNames.ValidateKind(kind);
        ArgumentNullException.ThrowIfNull(writeModel);
        var kindDir = Directory.CreateDirectory(Path.Combine(_root, kind)).FullName;
        var temp = Path.Combine(kindDir, ModelStoreNames.TemporaryPrefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            var modelPath = Path.Combine(temp, ModelStoreNames.ModelFileName);
            string sha256;
            long size;
            await using (var file = new FileStream(modelPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await writeModel(file, cancellationToken);
                await file.FlushAsync(cancellationToken);
                size = file.Length;
            }
            await using (var read = File.OpenRead(modelPath))
                sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(read, cancellationToken));

            return PublishDirectory(kind, kindDir, temp, size, sha256, metrics, provenance);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public IReadOnlyList<string> ListVersions(string kind)
    {
        ModelStoreNames.ValidateKind(kind);
        var kindDir = Path.Combine(_root, kind);
        if (!Directory.Exists(kindDir)) return [];
        return Directory.EnumerateDirectories(kindDir)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(ModelStoreNames.IsValidVersion)
            .Where(v => File.Exists(Path.Combine(kindDir, v, ModelStoreNames.ManifestFileName)))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public string? LatestVersion(string kind) => ListVersions(kind) is { Count: > 0 } versions ? versions[^1] : null;

    public ModelManifest ReadManifest(string kind, string version)
    {
        var dir = VersionDirectory(kind, version);
        var path = Path.Combine(dir, ModelStoreNames.ManifestFileName);
        if (!File.Exists(path)) throw new ModelNotFoundException(kind, version);
        try
        {
            return JsonSerializer.Deserialize<ModelManifest>(File.ReadAllBytes(path), ManifestJson)
                ?? throw new ModelFormatException($"{kind}/{version}: the manifest is JSON null");
        }
        catch (JsonException ex)
        {
            throw new ModelFormatException($"{kind}/{version}: the manifest is not valid: {ex.Message}", ex);
        }
    }

    public Stream OpenRead(string kind, string version)
    {
        var dir = VersionDirectory(kind, version);
        if (!File.Exists(Path.Combine(dir, ModelStoreNames.ManifestFileName))) throw new ModelNotFoundException(kind, version);
        return new FileStream(Path.Combine(dir, ModelStoreNames.ModelFileName), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
    }

    private ModelManifest PublishDirectory(
        string kind, string kindDir, string temp, long size, string sha256, IReadOnlyDictionary<string, double>? metrics,
        ModelProvenance? provenance)
    {
        // One writer at a time picks the next version and renames, so two writers never race for one name.
        lock (_writeGate)
        {
            var version = _clock.Next(LatestVersion(kind));
            var manifest = new ModelManifest(
                kind, version, $"{kind}/{version}/{ModelStoreNames.ModelFileName}", size, sha256, DateTimeOffset.UtcNow, metrics, provenance);
            File.WriteAllBytes(Path.Combine(temp, ModelStoreNames.ManifestFileName), JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJson));
            // Directory rename is atomic within one file system: the version appears whole.
            Directory.Move(temp, Path.Combine(kindDir, version));
            PruneOldVersions(kind, kindDir);
            return manifest;
        }
    }

    private void PruneOldVersions(string kind, string kindDir)
    {
        var versions = ListVersions(kind);
        foreach (var old in versions.Take(Math.Max(0, versions.Count - _keepVersions)))
            TryDelete(Path.Combine(kindDir, old));
    }

    private string VersionDirectory(string kind, string version)
    {
        ModelStoreNames.ValidateKind(kind);
        ModelStoreNames.ValidateVersion(version);
        return Path.Combine(_root, kind, version);
    }

    private static void TryDelete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
