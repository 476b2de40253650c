using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace OpenMrs.Messaging.Telemetry;

/// <summary>Routes librdkafka's own log lines into <see cref="ILogger"/> instead of stderr.</summary>
internal static class LibrdkafkaLogging
{
    public static void Write(ILogger logger, LogMessage log) =>
        logger.Log(ToLevel(log.Level), "librdkafka {Name} {Facility}: {Message}", log.Name, log.Facility, log.Message);

    private static LogLevel ToLevel(SyslogLevel level) => level switch
    {
        <= SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };
}
