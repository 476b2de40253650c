using System.Text;
using Confluent.Kafka;

namespace OpenMrs.Messaging.Publishing;

internal static class KafkaHeaders
{
    public static void AddString(this Headers headers, string key, string value) => headers.Add(key, Encoding.UTF8.GetBytes(value));

    public static string? GetLastString(this Headers? headers, string key) =>
        headers is not null && headers.TryGetLastBytes(key, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
