using OpenMrs.Contracts.Events;
using OpenMrs.Messaging;
using OpenMrs.Serving.Grains.Content;

namespace OpenMrs.Serving.Grains.Consumers;

/// <summary>Records when each track came out (its stated release time, else its first appearance on <c>tracks</c>), for the freshness boost, and its text, for the content cold start and the artists ranking uses (<see cref="CatalogueArtists"/>).</summary>
public sealed class TrackCatalogHandler(TrackFreshness freshness, TrackTexts texts, CatalogueArtists? artists = null) : IEventHandler<TrackUpsert>
{
    public Task HandleAsync(ConsumedEvent<TrackUpsert> message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(message.Value.TrackId)) throw new PermanentEventFailure("a track upsert needs a trackId");
        freshness.Seen(message.Value.TrackId, message.Timestamp, message.Value.ReleasedAt);
        texts.Upsert(message.Value);
        artists?.Announced(message.Value);
        return Task.CompletedTask;
    }
}
