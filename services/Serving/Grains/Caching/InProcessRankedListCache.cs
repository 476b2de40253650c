using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Hosting;

namespace OpenMrs.Serving.Grains.Caching;

/// <summary>
/// The embedded default: an in-process map with a TTL and a bound. When full, expired entries go first, then the
/// entries closest to expiry.
/// </summary>
public sealed class InProcessRankedListCache(Func<int> capacity, IOptions<ServingOptions> options, TimeProvider time) : IRankedListCache
{
    /// <summary>The embedded cache, holding at most <see cref="ServingOptions.InProcessCacheEntries"/> lists.</summary>
    public InProcessRankedListCache(IOptions<ServingOptions> options, TimeProvider time) : this(() => options.Value.InProcessCacheEntries, options, time) { }

    private readonly ConcurrentDictionary<RankedListCacheKey, Entry> _entries = new();
    private readonly Lock _evictionGate = new();

    public int Count => _entries.Count;

    public Task<RecommendationList?> GetAsync(RankedListCacheKey key, CancellationToken cancellationToken = default)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            if (entry.ExpiresAt > time.GetUtcNow()) return Task.FromResult<RecommendationList?>(entry.List);
            _entries.TryRemove(key, out _);
        }
        return Task.FromResult<RecommendationList?>(null);
    }

    public Task SetAsync(RankedListCacheKey key, RecommendationList list, CancellationToken cancellationToken = default)
    {
        _entries[key] = new Entry(list, time.GetUtcNow() + options.Value.CacheTtl);
        if (_entries.Count > capacity()) Evict();
        return Task.CompletedTask;
    }

    private void Evict()
    {
        lock (_evictionGate)
        {
            var most = capacity();
            if (_entries.Count <= most) return;
            var target = most - most / 10;
            // ToArray is the dictionary's own atomic snapshot: LINQ over the live dictionary reads Count and then copies,
            // and a write landing in between made the copy throw (a failed request) once the cache was full.
            var entries = _entries.ToArray();
            foreach (var (key, _) in entries.OrderBy(kv => kv.Value.ExpiresAt).Take(entries.Length - target))
                _entries.TryRemove(key, out _);
        }
    }

    // A value, stored in the map's node: one object less per cached list.
    private readonly record struct Entry(RecommendationList List, DateTimeOffset ExpiresAt);
}
