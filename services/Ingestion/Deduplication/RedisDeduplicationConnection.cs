using StackExchange.Redis;

namespace OpenMrs.Ingestion.Deduplication;

/// <summary>The ingestion edge's own Redis connection; it never blocks startup or a request on Redis being up.</summary>
public sealed class RedisDeduplicationConnection : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _multiplexer;

    public RedisDeduplicationConnection(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        // While Redis is down, fail at once instead of queueing: ingestion then publishes without dedup (fail open).
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.AsyncTimeout = Math.Min(options.AsyncTimeout, 1_000);
        _multiplexer = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(options));
    }

    public IDatabase Database => _multiplexer.Value.GetDatabase();

    public bool IsConnected => _multiplexer.Value.IsConnected;

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated) _multiplexer.Value.Dispose();
    }
}
