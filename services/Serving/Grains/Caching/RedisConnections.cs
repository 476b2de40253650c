using StackExchange.Redis;

namespace OpenMrs.Serving.Grains.Caching;

/// <summary>Connects to Redis so that an outage fails calls fast and a restarted server is picked up again.</summary>
public static class RedisConnections
{
    /// <summary>A command waits at most this long, so a request never hangs on the cache.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMilliseconds(250);

    public static IConnectionMultiplexer Connect(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 1_000;
        options.SyncTimeout = (int)CommandTimeout.TotalMilliseconds;
        options.AsyncTimeout = (int)CommandTimeout.TotalMilliseconds;
        options.ConnectRetry = 1;
        options.ReconnectRetryPolicy = new LinearRetry(500);
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return ConnectionMultiplexer.Connect(options);
    }
}
