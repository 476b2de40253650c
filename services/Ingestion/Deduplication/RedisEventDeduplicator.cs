using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace OpenMrs.Ingestion.Deduplication;

/// <summary>
/// eventIds in Redis (<c>SET key 1 NX EX window</c>), shared by every ingestion instance. When Redis is unreachable
/// it fails open: events are published as if new (downstream dedup absorbs repeats) and the readiness check says Degraded.
/// </summary>
public sealed class RedisEventDeduplicator(RedisDeduplicationConnection connection, IOptions<IngestionOptions> options, ILogger<RedisEventDeduplicator> logger)
    : IEventDeduplicator
{
    public const string KeyPrefix = "openmrs:ingest:seen:";

    public async ValueTask<IReadOnlySet<string>> FindSeenAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var database = connection.Database;
            var ids = eventIds.ToArray();
            var exists = await Task.WhenAll(ids.Select(id => database.KeyExistsAsync(KeyPrefix + id)));
            for (var i = 0; i < ids.Length; i++)
                if (exists[i]) seen.Add(ids[i]);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // One line, no stack trace: while Redis is down every request lands here, and readiness reports it too.
            logger.LogWarning("Deduplication store unreachable ({Error}); treating {Count} events as new", ex.Message, eventIds.Count);
        }
        return seen;
    }

    public async ValueTask MarkSeenAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken)
    {
        try
        {
            var database = connection.Database;
            var window = options.Value.DeduplicationWindow;
            await Task.WhenAll(eventIds.Select(id => database.StringSetAsync(KeyPrefix + id, 1, window, When.NotExists)));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Deduplication store unreachable ({Error}); {Count} accepted events are not remembered", ex.Message, eventIds.Count);
        }
    }
}
