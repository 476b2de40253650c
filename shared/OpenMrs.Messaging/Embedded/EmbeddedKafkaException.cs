namespace OpenMrs.Messaging.Embedded;

/// <summary>The embedded Kafka cluster could not be started or refused an operation.</summary>
public sealed class EmbeddedKafkaException(string message, Exception? inner = null) : Exception(message, inner);
