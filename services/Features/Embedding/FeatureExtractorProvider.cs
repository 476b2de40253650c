using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenMrs.Audio.Decoding;
using OpenMrs.Audio.Extraction;
using OpenMrs.Audio.Models;
using OpenMrs.Features.Configuration;
using OpenMrs.ModelStore.Store;

namespace OpenMrs.Features.Embedding;

/// <summary>
/// Builds the one <see cref="FeatureExtractor"/> of the process on first use. CNN weights come from
/// <c>Features:ModelPath</c>, else the newest <c>Features:ModelKind</c> version in the model store, else a seeded
/// random initialisation; the choice is logged and travels in every record's EmbeddingModelVersion.
/// </summary>
public sealed class FeatureExtractorProvider(IOptions<FeaturesOptions> options, ILogger<FeatureExtractorProvider> logger, IModelStore? modelStore = null)
    : IDisposable
{
    private readonly Lazy<(FeatureExtractor Extractor, AudioEmbedder Embedder)> _built = new(() => Build(options.Value, modelStore, logger));

    public FeatureExtractor Get() => _built.Value.Extractor;

    public static DecodeOptions DecodeOptionsFrom(FeaturesOptions options) => new()
    {
        MaxDurationSeconds = options.MaxAudioSeconds,
        Timeout = TimeSpan.FromSeconds(options.DecodeTimeoutSeconds),
    };

    private static (FeatureExtractor, AudioEmbedder) Build(FeaturesOptions options, IModelStore? store, ILogger logger)
    {
        var random = new AudioEmbedderOptions { Architecture = options.Architecture, Seed = options.RandomSeed, BatchSize = options.MaxBatchSize };
        string? weights = null;
        AudioEmbedder embedder;
        try
        {
            weights = WeightsPath(options, store, logger);
            embedder = AudioEmbedder.Create(random with { WeightsPath = weights }, logger);
        }
        catch (Exception ex) when (weights is not null || ex is IOException or ModelStoreException)
        {
            // A damaged or unreadable weights file must not stop feature extraction; the version says what ran.
            logger.LogError(ex, "Could not load audio model weights {Path}; falling back to the random initialisation", weights);
            embedder = AudioEmbedder.Create(random, logger);
        }
        if (embedder.IsTrained)
            logger.LogInformation("Audio embeddings use trained weights {Version} from {Path}", embedder.ModelVersion, weights);
        else
            logger.LogWarning("Audio embeddings use an untrained model {Version}: no trained weights at Features:ModelPath or in the model store (kind {Kind})",
                embedder.ModelVersion, options.ModelKind);
        return (new FeatureExtractor(DecodeOptionsFrom(options), embedder), embedder);
    }

    private static string? WeightsPath(FeaturesOptions options, IModelStore? store, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(options.ModelPath)) return options.ModelPath;
        if (store?.LatestVersion(options.ModelKind) is not { } version) return null;
        // The store hands out streams; the model loader reads a file, so the version is copied out once.
        var manifest = store.ReadManifest(options.ModelKind, version);
        var path = Path.Combine(Path.GetTempPath(), $"openmrs-{options.ModelKind}-{version}-{manifest.Sha256[..16]}.bin");
        if (!File.Exists(path))
        {
            var partial = path + ".part-" + Guid.NewGuid().ToString("N");
            using (var source = store.OpenRead(options.ModelKind, version))
            using (var target = File.Create(partial))
                source.CopyTo(target);
            File.Move(partial, path, overwrite: true);
        }
        logger.LogInformation("Using audio model {Kind}/{Version} from the model store", options.ModelKind, version);
        return path;
    }

    public void Dispose()
    {
        if (!_built.IsValueCreated) return;
        _built.Value.Extractor.Dispose();
        _built.Value.Embedder.Dispose();
    }
}
