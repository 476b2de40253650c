using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenMrs.Features.Configuration;
using OpenMrs.Features.Handling;

namespace OpenMrs.Features.Embedding;

/// <summary>
/// After a change of CNN weights, re-extracts every track in <see cref="KnownTracks"/> in the background and
/// re-publishes its TrackFeatures (now carrying the new EmbeddingModelVersion), <see cref="FeaturesOptions.MaxBatchSize"/>
/// tracks at a time so the batcher fills its batches. A newer change cancels the run in progress; so does stopping.
/// A track that fails is logged and skipped.
/// </summary>
public sealed class CatalogueReembedder(KnownTracks tracks, TrackUpsertHandler handler, IOptions<FeaturesOptions> options,
    ILogger<CatalogueReembedder> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private CancellationTokenSource? _running;
    private Task _run = Task.CompletedTask;

    /// <summary>The run in progress or the last one (completed when none).</summary>
    public Task Running => _run;
    /// <summary>Tracks re-published by the current or last run.</summary>
    public int Reembedded => _reembedded;
    private int _reembedded;

    /// <summary>Starts re-embedding the known catalogue for <paramref name="weightsVersion"/>, cancelling a run in progress.</summary>
    public Task Start(string weightsVersion)
    {
        lock (_gate)
        {
            _running?.Cancel();
            _running?.Dispose();
            var cancel = _running = new CancellationTokenSource();
            var previous = _run;
            _run = Task.Run(async () =>
            {
                await previous.ConfigureAwait(false); // the cancelled run has let go of its tracks first
                await RunAsync(weightsVersion, cancel.Token).ConfigureAwait(false);
            });
            return _run;
        }
    }

    private async Task RunAsync(string weightsVersion, CancellationToken cancellationToken)
    {
        var catalogue = tracks.Snapshot();
        Interlocked.Exchange(ref _reembedded, 0);
        logger.LogInformation("Re-embedding {Count} known tracks with {Weights}", catalogue.Count, weightsVersion);
        try
        {
            await Parallel.ForEachAsync(catalogue, new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxBatchSize, CancellationToken = cancellationToken },
                async (track, ct) =>
                {
                    try
                    {
                        await handler.ExtractAndPublishAsync(track, ct);
                        Interlocked.Increment(ref _reembedded);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        logger.LogWarning("Re-embedding {TrackId} failed: {Reason}", track.TrackId, ex.Message);
                    }
                });
            logger.LogInformation("Re-embedded {Done} of {Count} known tracks with {Weights}", _reembedded, catalogue.Count, weightsVersion);
        }
        catch (OperationCanceledException)
        {
            logger.LogInformation("Re-embedding with {Weights} stopped after {Done} of {Count} tracks", weightsVersion, _reembedded, catalogue.Count);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _running?.Cancel();
            _running?.Dispose();
            _running = null;
        }
    }
}
