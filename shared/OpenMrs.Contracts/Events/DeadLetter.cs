namespace OpenMrs.Contracts.Events;

/// <summary>Headers a dead-lettered message carries next to its original key and value.</summary>
public static class DeadLetterHeaders
{
    public const string Reason = "openmrs-dlq-reason";
    public const string SourceTopic = "openmrs-dlq-source-topic";
    public const string SourcePartition = "openmrs-dlq-source-partition";
    public const string SourceOffset = "openmrs-dlq-source-offset";
    public const string FailedAt = "openmrs-dlq-failed-at";
}
