using System.Collections.Concurrent;
using OpenMrs.Messaging;

namespace OpenMrs.Messaging.Tests.Support;

/// <summary>
/// A batch handler that applies its messages in order through an optional per-message behaviour. A
/// <see cref="PermanentEventFailure"/> from the behaviour keeps the applied prefix and names the failing message;
/// any other exception fails the whole call and keeps nothing (as a transactional store would).
/// </summary>
public sealed class CollectingBatchHandler<T>(Func<ConsumedEvent<T>, Task>? behaviour = null) : IEventBatchHandler<T>
{
    private readonly HandledLog<T> _log = new();
    private readonly ConcurrentQueue<IReadOnlyList<ConsumedEvent<T>>> _calls = new();

    public IReadOnlyCollection<ConsumedEvent<T>> Handled => _log.Items;

    /// <summary>Every call's messages, failed calls included.</summary>
    public IReadOnlyCollection<IReadOnlyList<ConsumedEvent<T>>> Calls => _calls;

    public async Task HandleBatchAsync(IReadOnlyList<ConsumedEvent<T>> messages, CancellationToken cancellationToken)
    {
        _calls.Enqueue(messages.ToList());
        var applied = new List<ConsumedEvent<T>>(messages.Count);
        try
        {
            foreach (var message in messages)
            {
                if (behaviour is not null) await behaviour(message);
                applied.Add(message);
            }
        }
        catch (PermanentEventFailure failure)
        {
            _log.Add(applied);
            throw new PermanentEventFailure(applied.Count, failure.Message);
        }
        _log.Add(applied);
    }

    /// <summary>Waits until at least <paramref name="count"/> messages were handled in total.</summary>
    public Task WaitForAsync(int count, TimeSpan timeout) => _log.WaitForAsync(count, timeout);
}
