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
    // Read by the loop, and by disposal for what the loop did not reach in time.
    private readonly Channel<(RankedListCacheKey Key, RecommendationList List)> _pending =
        Channel.CreateBounded<(RankedListCacheKey, RecommendationList)>(new BoundedChannelOptions(MaxPendingWrites));
    private readonly Task _loop;

    /// <summary>How long disposal waits for the queued writes before counting the rest as dropped.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    /// <param name="ttl">The TTL of each write, read per batch.</param>
    /// <param name="failed">Called once per dropped or failed write (Redis errors, timeouts, a list that does not serialise, a full queue).</param>
    public RedisListWriter(IConnectionMultiplexer redis, Func<TimeSpan> ttl, Action<Exception> failed, ILogger logger)
    {
        (_redis, _ttl, _failed, _logger) = (redis, ttl, failed, logger);
        // The loop outlives whichever request created this writer: it must not carry that request's activity or context.
        using (ExecutionContext.SuppressFlow()) _loop = Task.Run(WriteLoopAsync);
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
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                writes.Clear();
                SendBatch(reader, writes);
                foreach (var write in writes)
                {
                    try
                    {
                        await write.ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        _failed(e);
                    }
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogError("The Redis writer of ranked lists stopped; lists are no longer written to Redis: {Error}", e.Message);
        }
    }

    /// <summary>Serialises up to <see cref="MaxBatch"/> queued lists and sends them as one batch; a list that fails is counted and skipped.</summary>
    private void SendBatch(ChannelReader<(RankedListCacheKey Key, RecommendationList List)> reader, List<Task> writes)
    {
        IBatch? batch = null;
        var (taken, unserialisable) = (0, 0);
        try
        {
            batch = _redis.GetDatabase().CreateBatch();
            var ttl = _ttl();
            while (taken < MaxBatch && reader.TryRead(out var write))
            {
                taken++;
                byte[] json;
                try
                {
                    json = JsonSerializer.SerializeToUtf8Bytes(write.List, RankedListJson.Default.RecommendationList);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    _failed(e); // e.g. a non-finite score, which JSON cannot hold
                    unserialisable++;
                    continue;
                }
                writes.Add(batch.StringSetAsync(write.Key.ToString(), json, ttl));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Lists taken but neither added to the batch nor already counted are lost to Redis: count each one.
            for (var lost = writes.Count + unserialisable; lost < taken; lost++) _failed(e);
        }
        finally
        {
            // Commands added to a batch are sent only by Execute; without it their tasks would never complete.
            try
            {
                batch?.Execute();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                foreach (var _ in writes) _failed(e);
                writes.Clear();
            }
        }
    }

    /// <summary>
    /// Stops taking writes and waits up to <see cref="DrainTimeout"/> for the queued ones (Redis answering slowly can
    /// take longer); what is still queued then is counted as dropped.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        try
        {
            await _loop.WaitAsync(DrainTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var dropped = 0;
            while (_pending.Reader.TryRead(out _)) dropped++;
            for (var n = 0; n < dropped; n++) _failed(new RedisException("the service stopped before the list was written to Redis"));
        }
    }
}
