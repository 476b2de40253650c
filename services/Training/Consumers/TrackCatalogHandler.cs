using OpenMrs.Contracts.Events;
using OpenMrs.Messaging;
using OpenMrs.Training.Catalog;
using OpenMrs.Training.Hosting;

namespace OpenMrs.Training.Consumers;

/// <summary>Keeps the <see cref="TrackCatalog"/> in step with the <c>tracks</c> topic.</summary>
public sealed class TrackCatalogHandler(TrackCatalog catalog, TrainingMetrics metrics) : IEventHandler<TrackUpsert>
{
    public Task HandleAsync(ConsumedEvent<TrackUpsert> message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(message.Value.TrackId)) throw new PermanentEventFailure("a track upsert needs a trackId");
        catalog.Upsert(message.Value);
        metrics.TracksUpserted.Add(1);
        return Task.CompletedTask;
    }
}
