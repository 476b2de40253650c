using OpenMrs.Contracts.Events;
using OpenMrs.Messaging;
using OpenMrs.Serving.GrainInterfaces.Users;

namespace OpenMrs.Serving.Grains.Consumers;

/// <summary>
/// Routes each listen from the <c>listens</c> topic to its user's grain. The topic is partitioned by user id, so a
/// user's events arrive in order; the offset is committed once the grain call returns.
/// </summary>
public sealed class ListenRoutingHandler(IGrainFactory grains) : IEventHandler<ListenEvent>
{
    public async Task HandleAsync(ConsumedEvent<ListenEvent> message, CancellationToken cancellationToken)
    {
        var listen = message.Value;
        if (string.IsNullOrEmpty(listen.UserId) || string.IsNullOrEmpty(listen.EventId) || string.IsNullOrEmpty(listen.TrackId))
            throw new PermanentEventFailure("a listen needs a userId, an eventId and a trackId");

        await grains.GetGrain<IUserGrain>(listen.UserId).ApplyAsync(listen).WaitAsync(cancellationToken);
    }
}
