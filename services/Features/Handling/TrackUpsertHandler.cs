using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenMrs.Audio.Decoding;
using OpenMrs.Contracts.Events;
using OpenMrs.Features.Configuration;
using OpenMrs.Features.Embedding;
using OpenMrs.Features.Fetching;
using OpenMrs.Features.Mapping;
using OpenMrs.Features.Telemetry;
using OpenMrs.Messaging;

namespace OpenMrs.Features.Handling;

/// <summary>
/// Consumes catalog upserts and publishes the track's features. Audio that can never be processed (bad URI,
/// missing or unreadable file, silence) fails permanently and is dead-lettered with its reason; a track without an
/// audio URI has nothing to extract and is skipped. Idempotent: a redelivered upsert republishes the same features.
/// </summary>
public sealed class TrackUpsertHandler(
    TrackFeaturePipeline pipeline, IEventPublisher publisher, IOptions<FeaturesOptions> options, FeaturesMetrics metrics,
    TimeProvider clock, KnownTracks known, ILogger<TrackUpsertHandler> logger) : IEventHandler<TrackUpsert>
{
    public async Task HandleAsync(ConsumedEvent<TrackUpsert> message, CancellationToken cancellationToken)
    {
        var track = message.Value;
        if (string.IsNullOrWhiteSpace(track.TrackId)) throw Permanent("missing-track-id", "the upsert has no track id", null);
        if (string.IsNullOrWhiteSpace(track.AudioUri))
        {
            logger.LogDebug("Track {TrackId} has no audio URI; nothing to extract", track.TrackId);
            return;
        }
        known.Remember(track);
        await ExtractAndPublishAsync(track, cancellationToken);
    }

    /// <summary>Extracts a track with audio and publishes its features (also used to re-embed after a change of weights).</summary>
    /// <exception cref="PermanentEventFailure">The audio cannot be fetched or decoded.</exception>
    public async Task ExtractAndPublishAsync(TrackUpsert track, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var features = await pipeline.ExtractAsync(track.AudioUri, cancellationToken);
            await publisher.PublishAsync(options.Value.OutputTopic, track.TrackId, features.ToContract(track.TrackId, clock.GetUtcNow()), cancellationToken);
            metrics.Processed(Stopwatch.GetElapsedTime(started).TotalSeconds);
            logger.LogInformation("Track {TrackId}: tempo {Tempo:F1} BPM, key {Key}/{Mode}, embedding {Model}",
                track.TrackId, features.Descriptors.TempoBpm, features.Descriptors.Key, features.Descriptors.Mode, features.EmbeddingModelVersion);
        }
        catch (AudioFetchException ex)
        {
            throw Permanent($"fetch-{ex.Reason}", ex.Message, ex);
        }
        catch (AudioDecodeException ex)
        {
            throw Permanent($"decode-{ex.Reason}", ex.Message, ex);
        }
    }

    private PermanentEventFailure Permanent(string reason, string detail, Exception? inner)
    {
        metrics.Failed(reason);
        return new PermanentEventFailure($"{reason}: {detail}", inner);
    }
}
