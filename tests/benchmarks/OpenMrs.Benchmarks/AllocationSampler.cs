using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace OpenMrs.Benchmarks;

/// <summary>
/// Samples managed allocations in this process through the runtime's AllocationTick event (about one per 100 KB
/// allocated), so a benchmark can say which types its measured phase allocates most.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int AllocationTickEventId = 10;

    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private volatile bool _recording;

    public void Start() => _recording = true;

    public void Stop() => _recording = false;

    /// <summary>The most allocated types while recording, with their share of sampled bytes.</summary>
    public IReadOnlyList<(string Type, double Share)> Top(int count)
    {
        var total = Math.Max(1, _bytesByType.Values.Sum());
        return [.. _bytesByType.OrderByDescending(p => p.Value).Take(count).Select(p => (p.Key, Math.Round((double)p.Value / total, 3)))];
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == RuntimeProvider) EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs data)
    {
        if (!_recording || data.EventId != AllocationTickEventId || data.Payload is null) return;
        var type = PayloadOf(data, "TypeName") as string ?? "?";
        var bytes = PayloadOf(data, "AllocationAmount64") is ulong amount ? (long)amount : 100_000;
        _bytesByType.AddOrUpdate(type, bytes, (_, sum) => sum + bytes);
    }

    private static object? PayloadOf(EventWrittenEventArgs data, string name)
    {
        var at = data.PayloadNames?.IndexOf(name) ?? -1;
        return at >= 0 ? data.Payload![at] : null;
    }
}
