using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OpenMrs.Serving.GrainInterfaces.Users;
using StackExchange.Redis;

namespace OpenMrs.Serving.Grains.Caching;

/// <summary>
/// Writes ranked lists to Redis off the request path, in batches: a request only queues its list, and one loop takes
/// what has queued meanwhile, serialises it and sends it as one batch (<c>SET key value PX ttl</c> each, one socket
/// write for the batch). Written one by one, each list cost its request a JSON pass, a write lock and a send call,
/// with redis-server on the same cores. Best effort and bounded: when <see cref="MaxPendingWrites"/> are waiting (Redis
/// slow or down) a new write is dropped, and every dropped or failed write is reported to <c>failed</c>.
/// </summary>
public sealed class RedisListWriter : IAsyncDisposable
{
    /// <summary>Lists waiting to be written at most; past it a write is dropped (the list is still served, and kept in the near cache).</summary>
    public const int MaxPendingWrites = 4_096;

    /// <summary>Lists sent in one batch at most.</summary>
    public const int MaxBatch = 64;

    private readonly IConnectionMultiplexer _redis;
    private readonly Func<TimeSpan> _ttl;
    private readonly Action<Exception> _failed;
    private readonly ILogger _logger;
    private readonly Channel<(RankedListCacheKey Key, RecommendationList List)> _pending =
        Channel.CreateBounded<(RankedListCacheKey, RecommendationList)>(new BoundedChannelOptions(MaxPendingWrites) { SingleReader = true });
    private readonly Task _loop;

    /// <param name="ttl">The TTL of each write, read per batch.</param>
    /// <param name="failed">Called once per dropped or failed write (Redis errors, timeouts, a full queue).</param>
    public RedisListWriter(IConnectionMultiplexer redis, Func<TimeSpan> ttl, Action<Exception> failed, ILogger logger)
    {
        (_redis, _ttl, _failed, _logger) = (redis, ttl, failed, logger);
        _loop = Task.Run(WriteLoopAsync);
    }

    /// <summary>Queues <paramref name="list"/> for writing under <paramref name="key"/>; never waits.</summary>
    public void Enqueue(RankedListCacheKey key, RecommendationList list)
    {
        if (!_pending.Writer.TryWrite((key, list)))
            _failed(new RedisException($"the Redis write queue is full ({MaxPendingWrites:N0} lists waiting); the list is not cached in Redis"));
    }

    private async Task WriteLoopAsync()
    {
        var reader = _pending.Reader;
        var writes = new List<Task>(MaxBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            writes.Clear();
            try
            {
                var batch = _redis.GetDatabase().CreateBatch();
                var ttl = _ttl();
                while (writes.Count < MaxBatch && reader.TryRead(out var write))
                    writes.Add(batch.StringSetAsync(write.Key.ToString(), JsonSerializer.SerializeToUtf8Bytes(write.List, RankedListJson.Default.RecommendationList), ttl));
                batch.Execute();
            }
            catch (Exception e) when (RedisRankedListCache.IsCacheFailure(e))
            {
                _failed(e);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The loop must outlive any one batch: a lost batch is only a colder cache.
                _logger.LogWarning("A batch of ranked-list writes to Redis failed: {Error}", e.Message);
            }
            foreach (var write in writes)
            {
                try
                {
                    await write.ConfigureAwait(false);
                }
                catch (Exception e) when (RedisRankedListCache.IsCacheFailure(e))
                {
                    _failed(e);
                }
            }
        }
    }

    /// <summary>Stops taking writes and finishes the ones queued (each bounded by the command timeout).</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}
