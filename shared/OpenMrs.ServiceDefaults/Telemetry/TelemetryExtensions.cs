using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenMrs.ServiceDefaults.Health;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OpenMrs.ServiceDefaults.Telemetry;

/// <summary>
/// OpenTelemetry traces, metrics and logs. OTLP export switches on when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
/// (the exporter reads the standard <c>OTEL_*</c> variables); <c>OpenMrs:Telemetry:Console=true</c> adds console exporters.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>Activity sources and meters of this code base all start with this prefix.</summary>
    public const string OpenMrsPrefix = "OpenMrs.";

    public static IHostApplicationBuilder AddOpenMrsTelemetry(this IHostApplicationBuilder builder, ServiceIdentity identity)
    {
        var console = builder.Configuration.GetValue("OpenMrs:Telemetry:Console", false);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(identity.Name, serviceVersion: identity.Version))
            .WithTracing(tracing =>
            {
                tracing
                    .AddSource(OpenMrsPrefix + "*")
                    .AddSource("Microsoft.Orleans.*")
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !HealthPaths.IsHealthRequest(context.Request.Path))
                    .AddHttpClientInstrumentation();
                if (console) tracing.AddConsoleExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(OpenMrsPrefix + "*")
                    .AddMeter("Microsoft.Orleans")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                if (console) metrics.AddConsoleExporter();
            });

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            otel.UseOtlpExporter();

        return builder;
    }
}
