using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace OpenMrs.ServiceDefaults.Health;

/// <summary>
/// Liveness (<c>/health/live</c>): the process answers. Readiness (<c>/health/ready</c>): every registered check, as
/// JSON; Healthy and Degraded answer 200, Unhealthy 503, so a degraded dependency (e.g. the cache) keeps the
/// instance in rotation while the body says what is wrong.
/// </summary>
public static class HealthExtensions
{
    public static IHostApplicationBuilder AddDefaultHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy("the process is up"), [HealthPaths.LiveTag]);
        return builder;
    }

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthPaths.Live, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthPaths.LiveTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        app.MapHealthChecks(HealthPaths.Ready, new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        return app;
    }
}
