using OpenMrs.Contracts.Events;
using OpenMrs.Messaging;
using OpenMrs.Training.Interactions;
using OpenMrs.Training.Sessions;

namespace OpenMrs.Training.Consumers;

/// <summary>Records listens from <c>listens</c> into the <see cref="InteractionStore"/> and the <see cref="ListenLog"/> of the sequence model, once per event id.</summary>
public sealed class InteractionRecordingHandler(InteractionStore store, ListenLog log) : IEventBatchHandler<ListenEvent>
{
    public Task HandleBatchAsync(IReadOnlyList<ConsumedEvent<ListenEvent>> messages, CancellationToken cancellationToken)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            var listen = messages[i].Value;
            if (string.IsNullOrEmpty(listen.EventId) || string.IsNullOrEmpty(listen.UserId) || string.IsNullOrEmpty(listen.TrackId))
                return Task.FromException(new PermanentEventFailure(i, "a listen needs an eventId, a userId and a trackId"));
            if (store.Apply(listen, messages[i].Partition)) log.Record(listen);
        }
        return Task.CompletedTask;
    }
}
