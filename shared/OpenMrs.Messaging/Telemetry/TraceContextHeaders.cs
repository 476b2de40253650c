using System.Diagnostics;
using System.Text;
using Confluent.Kafka;

namespace OpenMrs.Messaging.Telemetry;

/// <summary>W3C trace context (traceparent, tracestate) in Kafka headers.</summary>
public static class TraceContextHeaders
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";

    public static void Inject(Headers headers, Activity? activity)
    {
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C || activity.Id is null) return;
        headers.Add(TraceParent, Encoding.ASCII.GetBytes(activity.Id));
        if (!string.IsNullOrEmpty(activity.TraceStateString))
        {
            headers.Add(TraceState, Encoding.ASCII.GetBytes(activity.TraceStateString));
        }
    }

    public static bool TryExtract(Headers? headers, out ActivityContext context)
    {
        context = default;
        if (headers is null || !headers.TryGetLastBytes(TraceParent, out var parent)) return false;
        var state = headers.TryGetLastBytes(TraceState, out var stateBytes) ? Encoding.ASCII.GetString(stateBytes) : null;
        return ActivityContext.TryParse(Encoding.ASCII.GetString(parent), state, isRemote: true, out context);
    }
}
