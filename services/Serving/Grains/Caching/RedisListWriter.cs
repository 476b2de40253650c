using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OpenMrs.Serving.GrainInterfaces.Users;
using StackExchange.Redis;

namespace OpenMrs.Serving.Grains.Caching;

/// <summary>
/// Writes ranked lists to Redis off the request path, in batches: a request only queues its list, and one loop lets
/// lists gather for a short window after the first (<see cref="DefaultBatchWindow"/>), then serialises them and sends them as one batch
/// (<c>SET key value PX ttl</c> each, one socket write for the batch). Written one by one, each list cost its request a
/// JSON pass, a write lock and a send call, with redis-server on the same cores. Best effort and bounded: when <see cref="MaxPendingWrites"/> are waiting (Redis
/// slow or down) a new write is dropped, and every dropped or failed write is reported to <c>failed</c>.
/// </summary>
public sealed class RedisListWriter : IAsyncDisposable
{
    /// <summary>Lists waiting to be written at most; past it a write is dropped (the list is still served, and kept in the near cache).</summary>
    public const int MaxPendingWrites = 4_096;

    /// <summary>Lists sent in one batch at most.</summary>
    public const int MaxBatch = 64;

    /// <summary>
    /// How long lists gather after the first one queues before the batch goes (at once when <see cref="MaxBatch"/> wait),
    /// unless configured (<c>Serving:CacheWriteWindow</c>).
    /// Each batch costs a wake-up of this loop, a socket write, a read and a reply in redis-server and a wake-up of the
    /// connection's reader, whatever its size (<see cref="Sent"/>). Another silo asking for a list within the window ranks it itself (the near cache of the silo that
    /// ranked it answers there at once).
    /// </summary>
    public static readonly TimeSpan DefaultBatchWindow = TimeSpan.FromMilliseconds(5);

    private readonly IConnectionMultiplexer _redis;
    private readonly Func<TimeSpan> _ttl;
    private readonly TimeSpan _window;
    private readonly Action<Exception> _failed;
    private readonly ILogger _logger;
    // Read by the loop, and by disposal for what the loop did not reach in time.
    private readonly Channel<(RankedListCacheKey Key, RecommendationList List)> _pending =
        Channel.CreateBounded<(RankedListCacheKey, RecommendationList)>(new BoundedChannelOptions(MaxPendingWrites));
    private readonly Task _loop;
    private volatile bool _draining;
    // Written by the loop only.
    private long _batches, _listsSent;

    /// <summary>Batches and the lists in them sent so far: how well the window gathers lists.</summary>
    public (long Batches, long Lists) Sent => (Volatile.Read(ref _batches), Volatile.Read(ref _listsSent));

    /// <summary>How long disposal waits for the queued writes before counting the rest as dropped.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    /// <param name="ttl">The TTL of each write, read per batch.</param>
    /// <param name="failed">Called once per dropped or failed write (Redis errors, timeouts, a list that does not serialise, a full queue).</param>
    /// <param name="window">How long lists gather before a batch goes; null: <see cref="DefaultBatchWindow"/>; zero: at once.</param>
    public RedisListWriter(IConnectionMultiplexer redis, Func<TimeSpan> ttl, Action<Exception> failed, ILogger logger, TimeSpan? window = null)
    {
        (_redis, _ttl, _failed, _logger) = (redis, ttl, failed, logger);
        _window = window ?? DefaultBatchWindow;
        ArgumentOutOfRangeException.ThrowIfLessThan(_window, TimeSpan.Zero, nameof(window));
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
                if (_window > TimeSpan.Zero && reader.Count < MaxBatch && !_draining) await Task.Delay(_window).ConfigureAwait(false);
                writes.Clear();
                SendBatch(reader, writes);
                _batches++;
                _listsSent += writes.Count;
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
        _draining = true;
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
