using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenMrs.Audio.Decoding;
using OpenMrs.Audio.Extraction;
using OpenMrs.Audio.Models;
using OpenMrs.Features.Configuration;
using OpenMrs.ModelStore.Store;

namespace OpenMrs.Features.Embedding;

/// <summary>The extractor in use and where its CNN weights came from.</summary>
/// <param name="StoreVersion">The <c>Features:ModelKind</c> version in the model store; null for a weights file or the random initialisation.</param>
public sealed record LoadedExtractor(FeatureExtractor Extractor, AudioEmbedder Embedder, string? StoreVersion, DateTimeOffset LoadedAt)
{
    public string WeightsVersion => Embedder.ModelVersion;
    public bool Trained => Embedder.IsTrained;
}

/// <summary>
/// Holds the one <see cref="FeatureExtractor"/> of the process, built on first use. CNN weights come from
/// <c>Features:ModelPath</c>, else the newest <c>Features:ModelKind</c> version in the model store, else a seeded
/// random initialisation; the choice is logged and travels in every record's EmbeddingModelVersion. A newer store
/// version announced on <c>models</c> is swapped in by <see cref="TryLoad"/> while extraction continues: a batch
/// already running finishes on the old weights, and the replaced extractor is disposed between batches
/// (<see cref="ReleaseReplaced"/>).
/// </summary>
public sealed class FeatureExtractorProvider(IOptions<FeaturesOptions> options, ILogger<FeatureExtractorProvider> logger, IModelStore? modelStore = null)
    : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<LoadedExtractor> _replaced = [];
    private LoadedExtractor? _current;

    public FeatureExtractor Get() => Current.Extractor;

    /// <summary>The extractor in use (built on first access).</summary>
    public LoadedExtractor Current
    {
        get
        {
            if (Volatile.Read(ref _current) is { } current) return current;
            lock (_gate) return _current ??= BuildInitial();
        }
    }

    /// <summary>
    /// Loads store version <paramref name="version"/> of <c>Features:ModelKind</c> and swaps it in when it is newer than
    /// the one in use. False (and logged) when it is not newer, <c>Features:ModelPath</c> pins the weights, or the
    /// version cannot be loaded (extraction keeps the weights it has).
    /// </summary>
    public bool TryLoad(string version)
    {
        var settings = options.Value;
        if (!string.IsNullOrWhiteSpace(settings.ModelPath))
        {
            logger.LogInformation("Ignoring {Kind}/{Version}: Features:ModelPath pins the weights to {Path}", settings.ModelKind, version, settings.ModelPath);
            return false;
        }
        if (modelStore is null) return false;
        lock (_gate)
        {
            var current = _current ??= BuildInitial();
            if (current.StoreVersion is { } inUse && string.CompareOrdinal(version, inUse) <= 0) return false;
            AudioEmbedder embedder;
            try
            {
                var copy = CopyOut(settings, modelStore, version);
                try
                {
                    embedder = AudioEmbedder.Create(RandomOptions(settings) with { WeightsPath = copy }, logger);
                }
                finally
                {
                    DeleteCopy(copy);
                }
            }
            catch (Exception ex) when (ex is IOException or ModelStoreException or AudioModelFormatException)
            {
                logger.LogError("Could not load audio model {Kind}/{Version}: {Reason}; keeping {Current}", settings.ModelKind, version, ex.Message, current.WeightsVersion);
                return false;
            }
            var next = new LoadedExtractor(new FeatureExtractor(DecodeOptionsFrom(settings), embedder), embedder, version, DateTimeOffset.UtcNow);
            _replaced.Add(current);
            Volatile.Write(ref _current, next);
            logger.LogInformation("Audio embeddings now use trained weights {Weights} ({Kind}/{Version}), replacing {Previous}",
                next.WeightsVersion, settings.ModelKind, version, current.WeightsVersion);
            return true;
        }
    }

    /// <summary>Disposes replaced extractors; call only where no CNN batch can be running (the batcher, between batches).</summary>
    public void ReleaseReplaced()
    {
        lock (_gate)
        {
            foreach (var old in _replaced) Dispose(old);
            _replaced.Clear();
        }
    }

    public static DecodeOptions DecodeOptionsFrom(FeaturesOptions options) => new()
    {
        MaxDurationSeconds = options.MaxAudioSeconds,
        Timeout = TimeSpan.FromSeconds(options.DecodeTimeoutSeconds),
    };

    private static AudioEmbedderOptions RandomOptions(FeaturesOptions options) =>
        new() { Architecture = options.Architecture, Seed = options.RandomSeed, BatchSize = options.MaxBatchSize };

    private LoadedExtractor BuildInitial()
    {
        var settings = options.Value;
        var random = RandomOptions(settings);
        string? weights = null;
        string? storeVersion = null;
        string? copy = null;
        AudioEmbedder embedder;
        try
        {
            if (!string.IsNullOrWhiteSpace(settings.ModelPath)) weights = settings.ModelPath;
            else if (modelStore?.LatestVersion(settings.ModelKind) is { } version)
            {
                weights = copy = CopyOut(settings, modelStore, version);
                storeVersion = version;
            }
            embedder = AudioEmbedder.Create(random with { WeightsPath = weights }, logger);
        }
        catch (Exception ex) when (weights is not null || ex is IOException or ModelStoreException)
        {
            // A damaged or unreadable weights file must not stop feature extraction; the version says what ran.
            logger.LogError(ex, "Could not load audio model weights {Path}; falling back to the random initialisation", weights);
            embedder = AudioEmbedder.Create(random, logger);
            storeVersion = null;
        }
        finally
        {
            if (copy is not null) DeleteCopy(copy);
        }
        if (embedder.IsTrained)
            logger.LogInformation("Audio embeddings use trained weights {Version} from {Path}", embedder.ModelVersion, weights);
        else
            logger.LogWarning("Audio embeddings use an untrained model {Version}: no trained weights at Features:ModelPath or in the model store (kind {Kind})",
                embedder.ModelVersion, settings.ModelKind);
        return new LoadedExtractor(new FeatureExtractor(DecodeOptionsFrom(settings), embedder), embedder, storeVersion, DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// The store hands out streams and the model loader reads a file, so a version is copied to a temporary file of its
    /// own, which the caller deletes once the weights are loaded (they are read whole): a copy kept per version piled up
    /// in the temporary folder, one every training cycle.
    /// </summary>
    private string CopyOut(FeaturesOptions options, IModelStore store, string version)
    {
        var path = Path.Combine(Path.GetTempPath(), $"openmrs-{options.ModelKind}-{version}-{Guid.NewGuid():N}.bin");
        try
        {
            using var source = store.OpenRead(options.ModelKind, version);
            using var target = File.Create(path);
            source.CopyTo(target);
        }
        catch
        {
            DeleteCopy(path);
            throw;
        }
        logger.LogInformation("Using audio model {Kind}/{Version} from the model store", options.ModelKind, version);
        return path;
    }

    private void DeleteCopy(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not delete the temporary copy of audio weights {Path}: {Reason}", path, ex.Message);
        }
    }

    private static void Dispose(LoadedExtractor loaded)
    {
        loaded.Extractor.Dispose();
        loaded.Embedder.Dispose();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_current is { } current) Dispose(current);
            foreach (var old in _replaced) Dispose(old);
            _replaced.Clear();
            _current = null;
        }
    }
}
