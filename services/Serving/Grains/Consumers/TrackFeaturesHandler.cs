using OpenMrs.Contracts.Events;
using OpenMrs.Messaging;
using OpenMrs.Serving.Grains.Content;

namespace OpenMrs.Serving.Grains.Consumers;

/// <summary>Keeps <see cref="TrackEmbeddings"/> in step with <c>track-features</c>.</summary>
public sealed class TrackFeaturesHandler(TrackEmbeddings embeddings) : IEventHandler<TrackFeatures>
{
    public Task HandleAsync(ConsumedEvent<TrackFeatures> message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(message.Value.TrackId)) throw new PermanentEventFailure("track features need a trackId");
        embeddings.Upsert(message.Value.TrackId, message.Value.Embedding ?? []);
        return Task.CompletedTask;
    }
}
