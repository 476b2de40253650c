using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenMrs.Audio.Decoding;
using OpenMrs.Audio.Extraction;
using OpenMrs.Features.Configuration;
using OpenMrs.Features.Embedding;
using OpenMrs.Features.Telemetry;

namespace OpenMrs.Features.Batching;

/// <summary>
/// Collects decoded tracks from concurrent handlers into batches for the CNN: a batch closes when it holds
/// <see cref="FeaturesOptions.MaxBatchSize"/> tracks or its first track has waited <see cref="FeaturesOptions.MaxBatchWaitMs"/>.
/// One background loop runs the batches, so the CNN sees one forward pass at a time.
/// </summary>
public sealed class ExtractionBatcher(
    FeatureExtractorProvider extractors, IOptions<FeaturesOptions> options, FeaturesMetrics metrics, ILogger<ExtractionBatcher> logger)
    : BackgroundService
{
    private sealed record Work(DecodedAudio Audio, TaskCompletionSource<TrackAudioFeatures> Result);

    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly FeaturesOptions _options = options.Value;

    /// <summary>Queues a decoded track and completes with its features once its batch has run.</summary>
    public Task<TrackAudioFeatures> ExtractAsync(DecodedAudio audio, CancellationToken cancellationToken)
    {
        var work = new Work(audio, new TaskCompletionSource<TrackAudioFeatures>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(work)) throw new InvalidOperationException("the extraction queue is closed (the service is stopping)");
        metrics.Enqueued();
        return work.Result.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var batch = new List<Work>(_options.MaxBatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                using (var window = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    window.CancelAfter(_options.MaxBatchWaitMs);
                    while (batch.Count < _options.MaxBatchSize)
                    {
                        if (_queue.Reader.TryRead(out var work)) { batch.Add(work); continue; }
                        try
                        {
                            if (!await _queue.Reader.WaitToReadAsync(window.Token)) break;
                        }
                        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                        {
                            break;
                        }
                    }
                }
                metrics.Dequeued(batch.Count);
                extractors.ReleaseReplaced(); // no batch runs now: weights swapped in since the last one can free the old
                Run(extractors.Get(), batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _queue.Writer.TryComplete();
            foreach (var w in batch) w.Result.TrySetCanceled();
            while (_queue.Reader.TryRead(out var left)) left.Result.TrySetCanceled();
        }
    }

    private void Run(FeatureExtractor extractor, List<Work> batch)
    {
        try
        {
            var features = extractor.Extract(batch.Select(w => w.Audio).ToArray());
            for (var i = 0; i < batch.Count; i++) batch[i].Result.TrySetResult(features[i]);
            logger.LogDebug("Extracted a batch of {Count} tracks", batch.Count);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Feature extraction failed for a batch of {Count} tracks", batch.Count);
            foreach (var w in batch) w.Result.TrySetException(ex);
        }
    }
}
