using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OpenMrs.Messaging.Telemetry;

/// <summary>The tracing source and metrics of the event bus; subscribe to the name "OpenMrs.Messaging" for both.</summary>
public static class MessagingTelemetry
{
    public const string Name = "OpenMrs.Messaging";

    public static ActivitySource Source { get; } = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly ConcurrentDictionary<(string Topic, string Group), long> Lags = new();

    internal static Counter<long> Published { get; } =
        Meter.CreateCounter<long>("openmrs.messaging.published", "{message}", "Messages acknowledged by the broker");

    internal static Counter<long> PublishFailed { get; } =
        Meter.CreateCounter<long>("openmrs.messaging.publish_failed", "{message}", "Writes the broker did not acknowledge");

    internal static Counter<long> Consumed { get; } =
        Meter.CreateCounter<long>("openmrs.messaging.consumed", "{message}", "Messages handled successfully");

    internal static Counter<long> DeadLettered { get; } =
        Meter.CreateCounter<long>("openmrs.messaging.dead_lettered", "{message}", "Messages sent to a dead-letter topic");

    internal static Counter<long> Retried { get; } =
        Meter.CreateCounter<long>("openmrs.messaging.handler_retries", "{attempt}", "Handler attempts that failed transiently and were retried");

    internal static Histogram<double> HandlerDuration { get; } =
        Meter.CreateHistogram<double>("openmrs.messaging.handler.duration", "s", "Time a handler took for one message, retries included");

    internal static Histogram<double> BatchHandlerDuration { get; } =
        Meter.CreateHistogram<double>("openmrs.messaging.batch_handler.duration", "s", "Time a batch handler took for one call (one key group)");

    static MessagingTelemetry()
    {
        Meter.CreateObservableGauge("openmrs.messaging.consumer.lag", ObserveLag, "{message}",
            "Messages in assigned partitions not yet processed, per topic and consumer group");
    }

    internal static void ReportLag(string topic, string group, long lag) => Lags[(topic, group)] = lag;

    private static IEnumerable<Measurement<long>> ObserveLag()
    {
        foreach (var ((topic, group), lag) in Lags)
        {
            yield return new Measurement<long>(lag,
                new KeyValuePair<string, object?>(MessagingAttributes.DestinationName, topic),
                new KeyValuePair<string, object?>(MessagingAttributes.ConsumerGroupName, group));
        }
    }

    internal static KeyValuePair<string, object?> TopicTag(string topic) => new(MessagingAttributes.DestinationName, topic);
}
