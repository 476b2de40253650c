using OpenMrs.Testing;
using Microsoft.Extensions.Options;
using OpenMrs.EndToEnd.Tests.Support;
using OpenMrs.Ingestion;
using OpenMrs.Ingestion.Deduplication;

namespace OpenMrs.EndToEnd.Tests.Ingestion;

public sealed class InMemoryEventDeduplicatorTests
{
    private readonly ManualClock _clock = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));

    private InMemoryEventDeduplicator Create(TimeSpan window, int capacity) =>
        new(Options.Create(new IngestionOptions { DeduplicationWindow = window, DeduplicationCapacity = capacity }), _clock);

    [Fact]
    public async Task Remembers_marked_ids_only()
    {
        var dedup = Create(TimeSpan.FromHours(1), 100);
        await dedup.MarkSeenAsync(["a", "b"], default);

        var seen = await dedup.FindSeenAsync(["a", "b", "c"], default);

        Assert.Equal(["a", "b"], seen.Order());
    }

    [Fact]
    public async Task Forgets_ids_after_the_window()
    {
        var dedup = Create(TimeSpan.FromMinutes(10), 100);
        await dedup.MarkSeenAsync(["early"], default);
        _clock.Advance(TimeSpan.FromMinutes(6));
        await dedup.MarkSeenAsync(["late"], default);
        _clock.Advance(TimeSpan.FromMinutes(5));

        var seen = await dedup.FindSeenAsync(["early", "late"], default);

        Assert.Equal(["late"], seen);
    }

    [Fact]
    public async Task Forgets_the_oldest_ids_beyond_capacity()
    {
        var dedup = Create(TimeSpan.FromHours(1), 3);
        foreach (var id in new[] { "1", "2", "3", "4", "5" })
        {
            await dedup.MarkSeenAsync([id], default);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        var seen = await dedup.FindSeenAsync(["1", "2", "3", "4", "5"], default);

        Assert.Equal(["3", "4", "5"], seen.Order());
        Assert.Equal(3, dedup.Count);
    }

    [Fact]
    public async Task Marking_again_keeps_the_first_expiry()
    {
        var dedup = Create(TimeSpan.FromMinutes(10), 100);
        await dedup.MarkSeenAsync(["x"], default);
        _clock.Advance(TimeSpan.FromMinutes(8));
        await dedup.MarkSeenAsync(["x"], default);
        _clock.Advance(TimeSpan.FromMinutes(3));

        Assert.Empty(await dedup.FindSeenAsync(["x"], default));
    }
}
