using Microsoft.AspNetCore.Http;

namespace OpenMrs.ServiceDefaults.Health;

public static class HealthPaths
{
    public const string Live = "/health/live";
    public const string Ready = "/health/ready";

    /// <summary>Tag of the checks that liveness runs; readiness runs every check.</summary>
    public const string LiveTag = "live";

    public static bool IsHealthRequest(PathString path) => path.StartsWithSegments("/health");
}
