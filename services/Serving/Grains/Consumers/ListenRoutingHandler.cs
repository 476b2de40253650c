using OpenMrs.Contracts.Events;
using OpenMrs.Messaging;
using OpenMrs.Serving.GrainInterfaces.Users;

namespace OpenMrs.Serving.Grains.Consumers;

/// <summary>
/// Routes listens from the <c>listens</c> topic to their user's grain. The topic is partitioned by user id, so a
/// user's events arrive in order; a batch of one user's events becomes one grain call. Offsets are committed once
/// the grain call returns.
/// </summary>
public sealed class ListenRoutingHandler(IGrainFactory grains) : IEventHandler<ListenEvent>, IEventBatchHandler<ListenEvent>
{
    public async Task HandleAsync(ConsumedEvent<ListenEvent> message, CancellationToken cancellationToken)
    {
        if (Invalid(message.Value) is { } reason) throw new PermanentEventFailure(reason);
        await grains.UserGrain(message.Value.UserId).ApplyAsync(message.Value).WaitAsync(cancellationToken);
    }

    public async Task HandleBatchAsync(IReadOnlyList<ConsumedEvent<ListenEvent>> messages, CancellationToken cancellationToken)
    {
        var valid = new List<ListenEvent>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            if (Invalid(messages[i].Value) is { } reason)
            {
                await ApplyInRunsAsync(valid, cancellationToken);
                throw new PermanentEventFailure(i, reason);
            }
            valid.Add(messages[i].Value);
        }
        await ApplyInRunsAsync(valid, cancellationToken);
    }

    /// <summary>One grain call per run of consecutive events of one user (a batch shares a key, normally one user).</summary>
    private async Task ApplyInRunsAsync(List<ListenEvent> listens, CancellationToken cancellationToken)
    {
        var start = 0;
        while (start < listens.Count)
        {
            var userId = listens[start].UserId;
            var end = start + 1;
            while (end < listens.Count && listens[end].UserId == userId) end++;
            await grains.UserGrain(userId).ApplyBatchAsync(listens.GetRange(start, end - start)).WaitAsync(cancellationToken);
            start = end;
        }
    }

    private static string? Invalid(ListenEvent listen) =>
        string.IsNullOrEmpty(listen.UserId) || string.IsNullOrEmpty(listen.EventId) || string.IsNullOrEmpty(listen.TrackId)
            ? "a listen needs a userId, an eventId and a trackId"
            : null;
}
