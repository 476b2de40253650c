using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenMrs.Features.Configuration;
using OpenMrs.Features.Embedding;
using OpenMrs.Features.Fetching;
using OpenMrs.Messaging;
using OpenMrs.ModelStore.Store;

namespace OpenMrs.Features.Training;

/// <summary>
/// Every <see cref="FeaturesOptions.TrainIntervalMinutes"/> (0, the default, = never), trains the audio CNN on the tracks
/// this service has seen (<see cref="KnownTracks"/>) towards the newest <c>als</c> version, unless the newest
/// <c>audio-cnn</c> already learned from it, then publishes and announces it (<see cref="CnnTrainingJob"/>); this
/// service, like every other, then swaps it in on the announcement. A failed round is logged and retried next interval.
/// </summary>
public sealed class PeriodicCnnTraining(IModelStore store, AudioFetcher fetcher, KnownTracks known, IEventPublisher publisher,
    IOptions<FeaturesOptions> options, ILogger<PeriodicCnnTraining> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.TrainIntervalMinutes <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.TrainIntervalMinutes));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (CnnTrainingException ex)
            {
                logger.LogWarning("Audio CNN training skipped: {Reason}", ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Audio CNN training failed; retrying next interval");
            }
        }
    }

    /// <summary>One round; null when there is no als model or the newest audio-cnn already learned from the newest one.</summary>
    /// <exception cref="CnnTrainingException">No known track has both audio and factors, or none decodes.</exception>
    public async Task<CnnTrainingOutcome?> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        if (store.LatestVersion(CnnTrainingRequest.FactorKind) is not { } als) return null;
        if (LearnedFrom() == als) return null;
        var audio = known.Snapshot().Where(t => t.AudioUri is not null).ToDictionary(t => t.TrackId, t => t.AudioUri!);
        var settings = options.Value;
        var request = new CnnTrainingRequest
        {
            AlsVersion = als, Architecture = settings.TrainArchitecture, Epochs = settings.TrainEpochs,
            MelBands = settings.TrainMelBands, Frames = settings.TrainFrames,
        };
        var job = new CnnTrainingJob(store, fetcher, FeatureExtractorProvider.DecodeOptionsFrom(settings), logger);
        return await job.RunAsync(audio, request, publisher, cancellationToken);
    }

    private string? LearnedFrom()
    {
        if (store.LatestVersion(options.Value.ModelKind) is not { } version) return null;
        return store.ReadManifest(options.Value.ModelKind, version).Provenance?.Hyperparameters.GetValueOrDefault("alsVersion");
    }
}
