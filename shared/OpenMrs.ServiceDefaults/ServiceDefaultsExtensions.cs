using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenMrs.ServiceDefaults.Errors;
using OpenMrs.ServiceDefaults.Health;
using OpenMrs.ServiceDefaults.Http;
using OpenMrs.ServiceDefaults.Logging;
using OpenMrs.ServiceDefaults.Telemetry;

namespace OpenMrs.ServiceDefaults;

/// <summary>The cross-cutting setup every service adds once: telemetry, health, logs, problem details, HTTP client defaults.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Idempotent: a host composing several services may call it more than once.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (builder.Services.Any(d => d.ServiceType == typeof(ServiceDefaultsMarker))) return builder;
        builder.Services.AddSingleton<ServiceDefaultsMarker>();

        var identity = ServiceIdentity.From(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(identity);

        builder.AddStructuredLogging();
        builder.AddOpenMrsTelemetry(identity);
        builder.AddDefaultHealthChecks();
        builder.AddProblemDetailsDefaults();
        builder.AddHttpClientDefaults();
        return builder;
    }

    /// <summary>Adds the exception handler (RFC 7807) and maps <c>/health/live</c> and <c>/health/ready</c>. Call right after Build.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseProblemDetailsDefaults();
        app.MapHealthEndpoints();
        return app;
    }

    private sealed class ServiceDefaultsMarker;
}
