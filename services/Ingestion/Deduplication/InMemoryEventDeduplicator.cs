using Microsoft.Extensions.Options;

namespace OpenMrs.Ingestion.Deduplication;

/// <summary>
/// A bounded time window of eventIds in process memory: an id is forgotten after the window or when capacity
/// forces out the oldest. Insertion order equals expiry order, so one queue serves both evictions.
/// </summary>
public sealed class InMemoryEventDeduplicator : IEventDeduplicator
{
    private readonly Dictionary<string, long> _expiryById = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, long Expiry)> _byAge = new();
    private readonly Lock _lock = new();
    private readonly TimeProvider _clock;
    private readonly long _windowTicks;
    private readonly int _capacity;

    public InMemoryEventDeduplicator(IOptions<IngestionOptions> options, TimeProvider clock)
    {
        _clock = clock;
        _windowTicks = options.Value.DeduplicationWindow.Ticks;
        _capacity = Math.Max(1, options.Value.DeduplicationCapacity);
    }

    public int Count { get { lock (_lock) return _expiryById.Count; } }

    public ValueTask<IReadOnlySet<string>> FindSeenAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow().UtcTicks;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        lock (_lock)
        {
            Evict(now);
            foreach (var id in eventIds)
                if (_expiryById.ContainsKey(id)) seen.Add(id);
        }
        return ValueTask.FromResult<IReadOnlySet<string>>(seen);
    }

    public ValueTask MarkSeenAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow().UtcTicks;
        var expiry = now + _windowTicks;
        lock (_lock)
        {
            foreach (var id in eventIds)
            {
                if (!_expiryById.TryAdd(id, expiry)) continue;
                _byAge.Enqueue((id, expiry));
            }
            Evict(now);
        }
        return ValueTask.CompletedTask;
    }

    private void Evict(long now)
    {
        while (_byAge.TryPeek(out var oldest) && (oldest.Expiry <= now || _expiryById.Count > _capacity))
        {
            _byAge.Dequeue();
            _expiryById.Remove(oldest.Id);
        }
    }
}
