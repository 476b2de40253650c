using OpenMrs.Contracts.Events;
using OpenMrs.Messaging;
using OpenMrs.Serving.Grains.Content;

namespace OpenMrs.Serving.Grains.Consumers;

/// <summary>Records when each track first appeared on <c>tracks</c>, for the freshness boost.</summary>
public sealed class TrackCatalogHandler(TrackFreshness freshness) : IEventHandler<TrackUpsert>
{
    public Task HandleAsync(ConsumedEvent<TrackUpsert> message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(message.Value.TrackId)) throw new PermanentEventFailure("a track upsert needs a trackId");
        freshness.Seen(message.Value.TrackId, message.Timestamp);
        return Task.CompletedTask;
    }
}
