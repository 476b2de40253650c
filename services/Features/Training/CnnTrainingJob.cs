using System.Globalization;
using Microsoft.Extensions.Logging;
using OpenMrs.Audio.Decoding;
using OpenMrs.Audio.Models;
using OpenMrs.Audio.Torch;
using OpenMrs.Audio.Training;
using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Features.Fetching;
using OpenMrs.Messaging;
using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;

namespace OpenMrs.Features.Training;

/// <summary>The published CNN: its manifest, the announcement (null when not announced) and how the fit went.</summary>
public sealed record CnnTrainingOutcome(
    ModelManifest Manifest, ModelPublished? Announcement, string WeightsVersion, string AlsVersion, FactorFitResult Fit, int Tracks, int SkippedTracks);

/// <summary>
/// Trains the audio CNN end to end from log-mel spectrograms of tracks' audio to the item factors of a published WALS
/// model (ALGORITHMS.md A: tanh + MSE; C: cosine), with early stopping on a validation split of the tracks, then
/// publishes the weights (<see cref="AudioModelFile"/>) as a new <c>audio-cnn</c> version whose manifest records the
/// als version, tracks, epochs, head and validation figures, and announces it on <c>models</c>.
/// </summary>
public sealed class CnnTrainingJob(IModelStore store, AudioFetcher fetcher, DecodeOptions decodeOptions, ILogger logger)
{
    /// <param name="audioByTrack">Track id → audio URI (path, file:// or http(s)://).</param>
    /// <param name="publisher">Announces the new version on <c>models</c>; null publishes without announcing.</param>
    /// <exception cref="CnnTrainingException">No als model, no track with both audio and factors, or none of their audio decodes.</exception>
    public async Task<CnnTrainingOutcome> RunAsync(IReadOnlyDictionary<string, string> audioByTrack, CnnTrainingRequest request,
        IEventPublisher? publisher = null, CancellationToken cancellationToken = default)
    {
        TorchRuntime.EnsureInitialised(logger: logger);
        var (alsVersion, factors) = LoadFactors(request.AlsVersion);
        var ids = audioByTrack.Keys.Where(id => factors.Items.TryGetIndex(id, out _)).Order(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
            throw new CnnTrainingException($"no track has both audio ({audioByTrack.Count} in the map) and factors ({factors.Items.Count} items in als {alsVersion})");
        if (request.MaxTracks is { } max) ids = ids.Take(max).ToList();
        var spec = request.Spec(factors.Factors!.ItemFactors.Factors);

        using var model = AudioEmbedder.CreateSeeded(spec, request.Seed);
        var (data, skipped) = await BuildDatasetAsync(spec, ids, audioByTrack, factors, cancellationToken);
        FactorFitResult fit;
        using (data)
        {
            logger.LogInformation("Training {Architecture} ({Head}) on {Tracks} tracks ({Rows} inputs) towards als {AlsVersion} ({Factors} factors)",
                spec.Architecture, spec.Head, data.TrackIds.Count, data.Rows, alsVersion, spec.Outputs);
            try
            {
                fit = FactorFitter.Fit(model, data, new FactorFitOptions
                {
                    Training = request.Training(), Patience = request.Patience, ValidationFraction = request.ValidationFraction, Seed = request.Seed,
                }, logger, cancellationToken);
            }
            catch (ArgumentException e)
            {
                throw new CnnTrainingException(e.Message, e);
            }
            var spread = EmbeddingSpread.Of(data.PredictPerTrack(model));
            if (spread.Collapsed)
                throw new CnnTrainingException(
                    $"the trained weights collapse: over {spread.Tracks} tracks their outputs have mean pairwise cosine {spread.MeanPairwiseCosine:F3} " +
                    $"and {spread.ZeroShare:P0} are zero, so every track would have the same neighbours (validation cosine {fit.ValidationCosine:F3}); not published");
        }

        var weightsVersion = $"{spec.Architecture}-{HeadName(spec.Head)}/als-{alsVersion}/{DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
        var manifest = await PublishAsync(model, weightsVersion, alsVersion, request, fit, data.TargetScale, cancellationToken);
        ModelPublished? announcement = null;
        if (publisher is not null)
        {
            announcement = new ModelPublished(manifest.Kind, manifest.Version, manifest.Location, manifest.CreatedAt, manifest.Metrics);
            await publisher.PublishAsync(Topics.Models, manifest.Kind, announcement, cancellationToken);
        }
        logger.LogInformation("Published {Kind}/{Version} (weights {Weights}): best epoch {Best} of {Epochs}, validation loss {Loss:F5}, cosine {Cosine:F3}",
            manifest.Kind, manifest.Version, weightsVersion, fit.BestEpoch, fit.EpochsRun, fit.ValidationLoss, fit.ValidationCosine);
        return new CnnTrainingOutcome(manifest, announcement, weightsVersion, alsVersion, fit, fit.TrainTracks + fit.ValidationTracks, skipped);
    }

    public static string HeadName(AudioHeadKind head) => head == AudioHeadKind.Cosine ? "cosine" : "tanh";

    private (string Version, TrainedModel Model) LoadFactors(string? requested)
    {
        var version = requested ?? store.LatestVersion(CnnTrainingRequest.FactorKind)
            ?? throw new CnnTrainingException($"the model store has no '{CnnTrainingRequest.FactorKind}' model to learn factors from (train and publish WALS first)");
        TrainedModel model;
        try
        {
            model = TrainedModelFile.Load(store, CnnTrainingRequest.FactorKind, version);
        }
        catch (ModelStoreException e)
        {
            throw new CnnTrainingException($"als {version}: {e.Message}", e);
        }
        if (model.Factors is null) throw new CnnTrainingException($"als {version} holds a '{model.Kind}' model without item factors");
        return (version, model);
    }

    private async Task<(FactorDataset Data, int Skipped)> BuildDatasetAsync(AudioCnnSpec spec, IReadOnlyList<string> ids,
        IReadOnlyDictionary<string, string> audioByTrack, TrainedModel factors, CancellationToken cancellationToken)
    {
        var decoder = new AudioDecoder(decodeOptions with { SampleRate = spec.SampleRate, RejectSilence = true });
        var matrix = factors.Factors!.ItemFactors;
        using var builder = new FactorDataset.Builder(spec);
        var skipped = 0;
        foreach (var id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                using var fetched = await fetcher.FetchAsync(audioByTrack[id], cancellationToken);
                var audio = await decoder.DecodeAsync(fetched.Path, cancellationToken);
                factors.Items.TryGetIndex(id, out var item);
                builder.Add(new FactorTrack(id, audio.Samples, matrix.Row(item).ToArray()));
            }
            catch (Exception e) when (e is AudioFetchException or AudioDecodeException or HttpRequestException)
            {
                skipped++;
                logger.LogWarning("Skipping track {TrackId}: {Reason}", id, e.Message);
            }
        }
        if (builder.Tracks == 0) throw new CnnTrainingException($"none of the {ids.Count} tracks with factors has usable audio (every fetch or decode failed; see the warnings)");
        if (skipped > 0) logger.LogWarning("{Skipped} of {Tracks} tracks skipped for their audio", skipped, ids.Count);
        return (builder.Build(), skipped);
    }

    private async Task<ModelManifest> PublishAsync(AudioCnn model, string weightsVersion, string alsVersion, CnnTrainingRequest request,
        FactorFitResult fit, float targetScale, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"openmrs-audio-cnn-{Guid.NewGuid():N}.bin");
        try
        {
            AudioModelFile.Save(file, model, weightsVersion, trained: true);
            var metrics = new Dictionary<string, double>
            {
                ["tracks"] = fit.TrainTracks + fit.ValidationTracks,
                ["trainTracks"] = fit.TrainTracks,
                ["validationTracks"] = fit.ValidationTracks,
                ["epochs"] = fit.EpochsRun,
                ["bestEpoch"] = fit.BestEpoch,
                ["trainLoss"] = fit.TrainLoss,
                ["validationLoss"] = fit.ValidationLoss,
                ["validationCosine"] = fit.ValidationCosine,
            };
            var training = request.Training();
            var provenance = new ModelProvenance(
                $"{model.Spec.Architecture}-{HeadName(model.Spec.Head)}",
                new Dictionary<string, string>
                {
                    ["alsVersion"] = alsVersion,
                    ["weightsVersion"] = weightsVersion,
                    ["architecture"] = model.Spec.Architecture,
                    ["head"] = HeadName(model.Spec.Head),
                    ["melBands"] = Invariant(model.Spec.MelBands),
                    ["frames"] = Invariant(model.Spec.Frames),
                    ["optimiser"] = training.Optimiser.ToString(),
                    ["learningRate"] = Invariant(training.LearningRate),
                    ["batchSize"] = Invariant(training.BatchSize),
                    ["maxEpochs"] = Invariant(training.Epochs),
                    ["patience"] = Invariant(request.Patience),
                    ["validationFraction"] = Invariant(request.ValidationFraction),
                    ["targetScale"] = Invariant(targetScale),
                    ["seed"] = Invariant(request.Seed),
                },
                DataFrom: null, DataTo: null, EventCount: fit.TrainTracks + fit.ValidationTracks);
            return await store.WriteAsync(CnnTrainingRequest.ModelKind, async (stream, ct) =>
            {
                await using var source = File.OpenRead(file);
                await source.CopyToAsync(stream, ct);
            }, metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(), provenance, cancellationToken);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
