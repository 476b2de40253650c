using OpenMrs.Contracts.Events;
using OpenMrs.Messaging;
using OpenMrs.Training.Hosting;
using OpenMrs.Training.Popularity;

namespace OpenMrs.Training.Consumers;

/// <summary>
/// Counts listens from the <c>listens</c> topic into popularity, once per event id. Consumed in batches (one call per
/// key group of a round); <see cref="HandleAsync"/> serves single-message consumers.
/// </summary>
public sealed class ListenCountingHandler(PopularityCounter counter, TrainingMetrics metrics) : IEventHandler<ListenEvent>, IEventBatchHandler<ListenEvent>
{
    public Task HandleAsync(ConsumedEvent<ListenEvent> message, CancellationToken cancellationToken)
    {
        if (Invalid(message.Value) is { } reason) return Task.FromException(new PermanentEventFailure(reason));
        Count([message], 1);
        return Task.CompletedTask;
    }

    public Task HandleBatchAsync(IReadOnlyList<ConsumedEvent<ListenEvent>> messages, CancellationToken cancellationToken)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            if (Invalid(messages[i].Value) is not { } reason) continue;
            Count(messages, i);
            return Task.FromException(new PermanentEventFailure(i, reason));
        }
        Count(messages, messages.Count);
        return Task.CompletedTask;
    }

    /// <summary>Counts the first <paramref name="count"/> messages, all valid.</summary>
    private void Count(IReadOnlyList<ConsumedEvent<ListenEvent>> messages, int count)
    {
        var counted = 0;
        for (var i = 0; i < count; i++)
        {
            if (counter.Apply(messages[i].Value, messages[i].Partition)) counted++;
        }
        if (counted > 0) metrics.EventsCounted.Add(counted);
        if (count > counted) metrics.DuplicatesIgnored.Add(count - counted);
    }

    private static string? Invalid(ListenEvent listen) =>
        string.IsNullOrEmpty(listen.EventId) || string.IsNullOrEmpty(listen.TrackId) ? "a listen needs an eventId and a trackId" : null;
}
