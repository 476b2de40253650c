using System.Collections.Concurrent;
using OpenMrs.Messaging;

namespace OpenMrs.Messaging.Tests.Support;

/// <summary>What a test handler took to its end, in order, and a bounded wait for a count of it.</summary>
public sealed class HandledLog<T>
{
    private readonly ConcurrentQueue<ConsumedEvent<T>> _handled = new();
    private readonly SemaphoreSlim _arrivals = new(0);

    public IReadOnlyCollection<ConsumedEvent<T>> Items => _handled;

    public void Add(IReadOnlyCollection<ConsumedEvent<T>> messages)
    {
        foreach (var message in messages) _handled.Enqueue(message);
        if (messages.Count > 0) _arrivals.Release(messages.Count);
    }

    /// <summary>Waits until at least <paramref name="count"/> messages were handled in total.</summary>
    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_handled.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrivals.WaitAsync(left))
            {
                if (_handled.Count >= count) return;
                throw new TimeoutException($"handled {_handled.Count} of {count} messages within {timeout}");
            }
        }
    }
}
