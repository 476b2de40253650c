using OpenMrs.Messaging;

namespace OpenMrs.Messaging.Tests.Support;

/// <summary>Records what it handles; an optional behaviour may throw or delay first.</summary>
public sealed class CollectingHandler<T>(Func<ConsumedEvent<T>, CancellationToken, Task>? behaviour = null) : IEventHandler<T>
{
    private readonly HandledLog<T> _log = new();

    public IReadOnlyCollection<ConsumedEvent<T>> Handled => _log.Items;

    public async Task HandleAsync(ConsumedEvent<T> message, CancellationToken cancellationToken)
    {
        if (behaviour is not null) await behaviour(message, cancellationToken);
        _log.Add([message]);
    }

    /// <summary>Waits until at least <paramref name="count"/> messages were handled in total.</summary>
    public Task WaitForAsync(int count, TimeSpan timeout) => _log.WaitForAsync(count, timeout);
}
