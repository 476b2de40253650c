namespace OpenMrs.Serving.Hosting;

/// <summary>Configuration section <c>Orleans</c>: how the silo finds its cluster and where grain state lives.</summary>
public sealed class OrleansHostingOptions
{
    public const string Section = "Orleans";

    /// <summary><c>Localhost</c> (embedded default: one silo, in-memory grain storage) or <c>Redis</c> (many silos, Redis grain storage).</summary>
    public string Clustering { get; set; } = LocalhostClustering;

    /// <summary>Redis for cluster membership and grain storage when <see cref="Clustering"/> is <c>Redis</c>.</summary>
    public string? RedisConnectionString { get; set; }

    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at; loopback by default so nothing leaves the machine.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    public string ClusterId { get; set; } = "openmrs";
    public string ServiceId { get; set; } = "openmrs-serving";

    public const string LocalhostClustering = "Localhost";
    public const string RedisClustering = "Redis";

    public bool UsesRedis => string.Equals(Clustering, RedisClustering, StringComparison.OrdinalIgnoreCase);
}
