namespace OpenMrs.Messaging.Telemetry;

/// <summary>Attribute names and values of the OpenTelemetry messaging semantic conventions (Kafka).</summary>
public static class MessagingAttributes
{
    public const string System = "messaging.system";
    public const string SystemKafka = "kafka";
    public const string DestinationName = "messaging.destination.name";
    public const string DestinationPartitionId = "messaging.destination.partition.id";
    public const string OperationType = "messaging.operation.type";
    public const string OperationName = "messaging.operation.name";
    public const string ConsumerGroupName = "messaging.consumer.group.name";
    public const string MessageBodySize = "messaging.message.body.size";
    public const string KafkaMessageKey = "messaging.kafka.message.key";
    public const string KafkaOffset = "messaging.kafka.offset";
    public const string BatchMessageCount = "messaging.batch.message_count";
    public const string ErrorType = "error.type";

    /// <summary>Operation type and name of a producer span: Kafka's operation is "send".</summary>
    public const string Send = "send";

    /// <summary>Operation type and name of a consumer span that runs the handler.</summary>
    public const string Process = "process";
}
