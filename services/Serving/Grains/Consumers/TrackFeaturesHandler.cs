using OpenMrs.Contracts.Events;
using OpenMrs.Messaging;
using OpenMrs.Serving.Grains.Content;

namespace OpenMrs.Serving.Grains.Consumers;

/// <summary>Keeps <see cref="TrackEmbeddings"/> and <see cref="TrackDescriptorStore"/> in step with <c>track-features</c>.</summary>
public sealed class TrackFeaturesHandler(TrackEmbeddings embeddings, TrackDescriptorStore descriptors) : IEventHandler<TrackFeatures>
{
    public Task HandleAsync(ConsumedEvent<TrackFeatures> message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(message.Value.TrackId)) throw new PermanentEventFailure("track features need a trackId");
        embeddings.Upsert(message.Value.TrackId, message.Value.Embedding ?? []);
        descriptors.Upsert(message.Value.TrackId, message.Value.Descriptors);
        return Task.CompletedTask;
    }
}
