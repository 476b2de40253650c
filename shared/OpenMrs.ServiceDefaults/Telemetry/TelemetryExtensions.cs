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
/// (the exporter reads the standard <c>OTEL_*</c> variables, <c>OTEL_TRACES_SAMPLER</c> and
/// <c>OTEL_TRACES_SAMPLER_ARG</c> included); <c>OpenMrs:Telemetry:Console=true</c> adds console exporters.
/// Spans are recorded only when something exports them (<c>OpenMrs:Telemetry:Tracing</c>, <see cref="TracingMode"/>):
/// recording a span per event and request costs a good share of a core at ingest rates, for nothing when unexported.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>Activity sources and meters of this code base all start with this prefix.</summary>
    public const string OpenMrsPrefix = "OpenMrs.";

    public const string TracingModeKey = "OpenMrs:Telemetry:Tracing";

    /// <summary>The activity source Orleans uses for calls to grains outside its own namespaces.</summary>
    public const string OrleansApplicationGrainsSource = "Microsoft.Orleans.Application";

    public static IHostApplicationBuilder AddOpenMrsTelemetry(this IHostApplicationBuilder builder, ServiceIdentity identity)
    {
        var console = builder.Configuration.GetValue("OpenMrs:Telemetry:Console", false);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var tracingMode = builder.Configuration.GetValue(TracingModeKey, TracingMode.Auto);
        var recordSpans = tracingMode == TracingMode.On || (tracingMode == TracingMode.Auto && (otlp || console));

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(identity.Name, serviceVersion: identity.Version));
        if (recordSpans)
        {
            otel.WithTracing(tracing =>
            {
                tracing
                    .AddSource(OpenMrsPrefix + "*")
                    // Calls to this code base's grains. "Microsoft.Orleans.Runtime" would add the runtime's own calls
                    // (grain storage, membership, directory): two more spans per state write, little to look at.
                    .AddSource(OrleansApplicationGrainsSource)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !HealthPaths.IsHealthRequest(context.Request.Path))
                    .AddHttpClientInstrumentation();
                if (console) tracing.AddConsoleExporter();
            });
        }
        otel.WithMetrics(metrics =>
        {
            metrics
                .AddMeter(OpenMrsPrefix + "*")
                .AddMeter("Microsoft.Orleans")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation();
            if (console) metrics.AddConsoleExporter();
        });

        if (otlp) otel.UseOtlpExporter();

        return builder;
    }
}

/// <summary>When spans are recorded: <c>OpenMrs:Telemetry:Tracing</c>.</summary>
public enum TracingMode
{
    /// <summary>When an exporter is configured (OTLP or console); otherwise as <see cref="Off"/>.</summary>
    Auto,

    /// <summary>Always, e.g. for an exporter added in code such as a test's in-memory one.</summary>
    On,

    /// <summary>Never; without spans, trace context is not passed on to Kafka messages and grain calls either.</summary>
    Off,
}
