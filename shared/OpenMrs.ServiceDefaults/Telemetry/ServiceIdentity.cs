using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace OpenMrs.ServiceDefaults.Telemetry;

/// <summary>
/// The name this process reports in traces, metrics and logs. <c>OpenMrs:ServiceName</c> wins, then the standard
/// <c>OTEL_SERVICE_NAME</c>, then the application name; a host composing several services sets one name for all.
/// </summary>
public sealed record ServiceIdentity(string Name, string Version)
{
    public const string ServiceNameKey = "OpenMrs:ServiceName";

    public static ServiceIdentity From(IConfiguration configuration, IHostEnvironment environment)
    {
        var name = FirstNonEmpty(configuration[ServiceNameKey], configuration["OTEL_SERVICE_NAME"], environment.ApplicationName);
        var version = typeof(ServiceIdentity).Assembly.GetName().Version?.ToString() ?? "0.0.0";
        return new ServiceIdentity(name!, version);
    }

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
