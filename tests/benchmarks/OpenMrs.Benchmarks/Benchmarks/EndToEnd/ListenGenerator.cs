using System.Text.Json;
using OpenMrs.Contracts.Events;
using OpenMrs.Contracts.Wire;

namespace OpenMrs.Benchmarks.Benchmarks.EndToEnd;

/// <summary>Pre-serialised listen batches (so the client's JSON work is not measured), spread over many users and tracks.</summary>
internal sealed class ListenGenerator(int users, int seed)
{
    private readonly Random _random = new(seed);
    private long _next;

    public static string UserId(int n) => $"bench-user-{n:D6}";

    public IEnumerable<byte[]> Batches(int count, int size)
    {
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        for (var b = 0; b < count; b++)
        {
            var events = new ListenEvent[size];
            for (var i = 0; i < size; i++)
            {
                var id = Interlocked.Increment(ref _next);
                var kind = _random.NextDouble() < 0.9 ? ListenKind.Play : ListenKind.Skip;
                events[i] = new ListenEvent($"bench-{seed}-{id:D9}", UserId(_random.Next(users)), $"bench-track-{Zipf():D5}", now, kind, 30_000);
            }
            yield return JsonSerializer.SerializeToUtf8Bytes(new { events }, WireFormat.Options);
        }
    }

    /// <summary>A skewed track choice over 5,000 tracks, as real listening is.</summary>
    private int Zipf() => (int)Math.Min(4_999, Math.Floor(Math.Pow(_random.NextDouble(), 3) * 5_000));
}
