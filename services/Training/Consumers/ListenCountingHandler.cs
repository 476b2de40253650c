using OpenMrs.Contracts.Events;
using OpenMrs.Messaging;
using OpenMrs.Training.Hosting;
using OpenMrs.Training.Popularity;

namespace OpenMrs.Training.Consumers;

/// <summary>Counts each listen from the <c>listens</c> topic into popularity, once per event id.</summary>
public sealed class ListenCountingHandler(PopularityCounter counter, TrainingMetrics metrics) : IEventHandler<ListenEvent>
{
    public Task HandleAsync(ConsumedEvent<ListenEvent> message, CancellationToken cancellationToken)
    {
        var listen = message.Value;
        if (string.IsNullOrEmpty(listen.EventId) || string.IsNullOrEmpty(listen.TrackId))
            throw new PermanentEventFailure("a listen needs an eventId and a trackId");

        if (counter.Apply(listen, message.Partition)) metrics.EventsCounted.Add(1);
        else metrics.DuplicatesIgnored.Add(1);
        return Task.CompletedTask;
    }
}
