using System.Collections.Concurrent;
using OpenMrs.Messaging;

namespace OpenMrs.Messaging.Tests.Support;

/// <summary>Records what it handles; an optional behaviour may throw or delay first.</summary>
public sealed class CollectingHandler<T>(Func<ConsumedEvent<T>, CancellationToken, Task>? behaviour = null) : IEventHandler<T>
{
    private readonly ConcurrentQueue<ConsumedEvent<T>> _handled = new();
    private readonly SemaphoreSlim _arrivals = new(0);

    public IReadOnlyCollection<ConsumedEvent<T>> Handled => _handled;

    public async Task HandleAsync(ConsumedEvent<T> message, CancellationToken cancellationToken)
    {
        if (behaviour is not null) await behaviour(message, cancellationToken);
        _handled.Enqueue(message);
        _arrivals.Release();
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
