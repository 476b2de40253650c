using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OpenMrs.ServiceDefaults.Logging;

/// <summary><c>OpenMrs:Logging:Json=true</c> writes one JSON object per log line (UTC timestamps, scopes included).</summary>
public static class StructuredLoggingExtensions
{
    public const string JsonKey = "OpenMrs:Logging:Json";

    public static IHostApplicationBuilder AddStructuredLogging(this IHostApplicationBuilder builder)
    {
        if (!builder.Configuration.GetValue(JsonKey, false)) return builder;
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        return builder;
    }
}
