using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OpenMrs.ServiceDefaults.Logging;

/// <summary>
/// <c>OpenMrs:Logging:Json=true</c> writes one JSON object per log line (UTC timestamps, scopes included).
/// Frameworks that log every call at Information (Orleans' placement retries through Polly, ASP.NET Core's request
/// lines) default to Warning unless <c>Logging:LogLevel:{category}</c> is configured.
/// </summary>
public static class StructuredLoggingExtensions
{
    public const string JsonKey = "OpenMrs:Logging:Json";

    private static readonly string[] ChattyCategories = ["Polly", "Orleans", "Microsoft.AspNetCore"];

    public static IHostApplicationBuilder AddStructuredLogging(this IHostApplicationBuilder builder)
    {
        foreach (var category in ChattyCategories)
        {
            var key = $"Logging:LogLevel:{category}";
            if (string.IsNullOrWhiteSpace(builder.Configuration[key])) builder.Configuration[key] = nameof(LogLevel.Warning);
        }
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
