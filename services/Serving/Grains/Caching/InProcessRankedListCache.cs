using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Hosting;

namespace OpenMrs.Serving.Grains.Caching;

/// <summary>
/// The embedded default: an in-process cache with a TTL and a bound, written as a log. A list's items are copied into
/// a preallocated array (the slab) behind the previous list's; the first hit copies them out into a list that later
/// hits share. When the slab or the entry bound is full the oldest lists go first, which with one TTL for all are also
/// the first to expire.
/// </summary>
/// <remarks>
/// Why a slab and not a map of list objects: a kept list is a few new objects reachable from the old generation, and
/// 3,000 misses' lists made each gen0 collection of a miss run take 7–12 ms (with the cache bounded to one entry, the
/// same runs collected in 2–3 ms). In the slab an item holds only strings the model and the grain already keep (track
/// ids, reason phrases), so a miss adds no object for the collector to trace; only a list asked for again becomes an
/// object, once (most are not: the user's next listen changes the key). Split into shards by key hash, each behind its
/// own lock. Memory: 32 bytes per cached item and about 200 bytes per list (index and log), and a list object per list hit.
/// </remarks>
public sealed class InProcessRankedListCache : IRankedListCache
{
    /// <summary>Entries per shard below which the cache keeps a single shard, so a small bound holds exactly.</summary>
    public const int EntriesPerShardAtLeast = 1_024;

    /// <summary>Most shards: enough that two cores' worth of readers and writers rarely wait on one lock.</summary>
    public const int MaxShards = 16;

    /// <summary>Items the slab holds per entry of the bound (a list of the default 10 items), and never fewer than <see cref="MinSlabItems"/>.</summary>
    public const int SlabItemsPerEntry = 10;

    /// <summary>The smallest slab, so one list of any allowed length fits even in a tiny cache.</summary>
    public const int MinSlabItems = 1_024;

    private readonly Func<int> _capacity;
    private readonly IOptions<ServingOptions> _options;
    private readonly TimeProvider _time;
    private readonly Shard[] _shards;

    /// <param name="capacity">The bound in lists, read on every write; the shard count is fixed from its first value.</param>
    public InProcessRankedListCache(Func<int> capacity, IOptions<ServingOptions> options, TimeProvider time)
    {
        (_capacity, _options, _time) = (capacity, options, time);
        _shards = new Shard[Math.Clamp(capacity() / EntriesPerShardAtLeast, 1, MaxShards)];
        for (var s = 0; s < _shards.Length; s++) _shards[s] = new Shard();
    }

    /// <summary>The embedded cache, holding at most <see cref="ServingOptions.InProcessCacheEntries"/> lists.</summary>
    public InProcessRankedListCache(IOptions<ServingOptions> options, TimeProvider time) : this(() => options.Value.InProcessCacheEntries, options, time) { }

    /// <summary>Lists held (expired ones included until they are pushed out).</summary>
    public int Count => _shards.Sum(shard => shard.Count);

    /// <summary>Lists in the log, replaced and expired ones included until they are pushed out; at most twice the bound.</summary>
    public int Logged => _shards.Sum(shard => shard.Logged);

    /// <returns>The cached list (made on its first hit and shared by later ones), or null when the key is absent or expired.</returns>
    /// <inheritdoc/>
    public Task<RecommendationList?> GetAsync(RankedListCacheKey key, bool thisSiloOnly = false, CancellationToken cancellationToken = default) =>
        Task.FromResult(ShardOf(key).Get(key, _time.GetUtcNow().UtcTicks));

    public Task SetAsync(RankedListCacheKey key, RecommendationList list, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(list);
        var most = Math.Max(1, _capacity() / _shards.Length);
        ShardOf(key).Set(key, list, (_time.GetUtcNow() + _options.Value.CacheTtl).UtcTicks, most, Math.Max(MinSlabItems, most * SlabItemsPerEntry));
        return Task.CompletedTask;
    }

    private Shard ShardOf(RankedListCacheKey key) => _shards[(int)((uint)key.GetHashCode() % (uint)_shards.Length)];

    /// <summary>One lock, one index and one slab. Positions in the slab are virtual (they only grow); an item lives at position % length.</summary>
    private sealed class Shard
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<RankedListCacheKey, Slot> _index = new();
        // Every list written, oldest first, with its start: a list replaced under the same key is skipped when it comes up.
        private readonly Queue<(RankedListCacheKey Key, long Start)> _written = new();
        private RecommendedItem[] _slab = [];
        private long _end;

        public int Count
        {
            get { lock (_gate) return _index.Count; }
        }

        public int Logged
        {
            get { lock (_gate) return _written.Count; }
        }

        public RecommendationList? Get(RankedListCacheKey key, long nowTicks)
        {
            lock (_gate)
            {
                ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(_index, key);
                if (Unsafe.IsNullRef(ref slot)) return null;
                if (slot.ExpiresTicks <= nowTicks)
                {
                    _index.Remove(key);
                    return null;
                }
                if (slot.Shared is { } shared) return shared;
                var items = new RecommendedItem[slot.Count];
                _slab.AsSpan((int)(slot.Start % _slab.Length), slot.Count).CopyTo(items);
                return slot.Shared = new RecommendationList(key.UserId, slot.ModelVersion, slot.StateVersion, items, slot.Variant);
            }
        }

        public void Set(RankedListCacheKey key, RecommendationList list, long expiresTicks, int mostLists, int mostItems)
        {
            var count = list.Items.Count;
            lock (_gate)
            {
                if (count > mostItems) return; // longer than the whole slab may be: served uncached
                if (_slab.Length == 0 || _slab.Length < Math.Min(mostItems, _end - Oldest() + count)) Grow(mostItems, count);
                // A list never wraps: when it would, it starts at the slab's beginning and the tail's gap stays unused.
                var start = _end % _slab.Length + count > _slab.Length ? _end + (_slab.Length - _end % _slab.Length) : _end;
                // The log also holds lists since replaced or expired; bounding it keeps empty lists, which take no slab room, from piling up.
                while (_written.Count > 0 && (start + count - _written.Peek().Start > _slab.Length
                                              || _index.Count >= mostLists && !_index.ContainsKey(key) || _written.Count >= 2 * mostLists))
                    Drop(_written.Dequeue());
                for (var i = 0; i < count; i++) _slab[(int)(start % _slab.Length) + i] = list.Items[i];
                _index[key] = new Slot(start, count, expiresTicks, list.ModelVersion, list.StateVersion, list.Variant);
                _written.Enqueue((key, start));
                _end = start + count;
            }
        }

        private long Oldest() => _written.Count > 0 ? _written.Peek().Start : _end;

        /// <summary>Removes a written list unless its key has since been written again.</summary>
        private void Drop((RankedListCacheKey Key, long Start) written)
        {
            if (_index.TryGetValue(written.Key, out var slot) && slot.Start == written.Start) _index.Remove(written.Key);
        }

        /// <summary>
        /// A slab twice as long (at most <paramref name="mostItems"/>, at least enough for <paramref name="count"/> more),
        /// with the live lists copied to its start in the order they were written.
        /// </summary>
        private void Grow(int mostItems, int count)
        {
            var length = (int)Math.Min(mostItems, Math.Max(Math.Max(MinSlabItems, 2L * _slab.Length), _end - Oldest() + count));
            var slab = new RecommendedItem[length];
            var kept = new Queue<(RankedListCacheKey, long)>(_written.Count);
            long end = 0;
            while (_written.TryDequeue(out var written))
            {
                if (!_index.TryGetValue(written.Key, out var slot) || slot.Start != written.Start) continue;
                if (end + slot.Count > length) { _index.Remove(written.Key); continue; }
                _slab.AsSpan((int)(slot.Start % _slab.Length), slot.Count).CopyTo(slab.AsSpan((int)end));
                _index[written.Key] = slot with { Start = end };
                kept.Enqueue((written.Key, end));
                end += slot.Count;
            }
            while (kept.TryDequeue(out var entry)) _written.Enqueue(entry);
            (_slab, _end) = (slab, end);
        }
    }

    /// <param name="Start">The first item's virtual position in the slab.</param>
    /// <param name="Shared">The list made on the first hit, returned to every later one.</param>
    private record struct Slot(long Start, int Count, long ExpiresTicks, string? ModelVersion, long StateVersion, string? Variant)
    {
        public RecommendationList? Shared { get; set; }
    }
}
