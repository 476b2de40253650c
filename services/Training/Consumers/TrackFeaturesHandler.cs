using OpenMrs.Contracts.Events;
using OpenMrs.Messaging;
using OpenMrs.Training.Catalog;

namespace OpenMrs.Training.Consumers;

/// <summary>Keeps the <see cref="TrackFeatureStore"/> in step with the <c>track-features</c> topic.</summary>
public sealed class TrackFeaturesHandler(TrackFeatureStore features) : IEventHandler<TrackFeatures>
{
    public Task HandleAsync(ConsumedEvent<TrackFeatures> message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(message.Value.TrackId)) throw new PermanentEventFailure("track features need a trackId");
        features.Upsert(message.Value.TrackId, message.Value.Embedding);
        return Task.CompletedTask;
    }
}
