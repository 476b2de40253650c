using Microsoft.Extensions.Configuration;

namespace OpenMrs.Messaging.Configuration;

/// <summary>How one hosted consumer fetches, parallelises, retries and commits.</summary>
public sealed class EventConsumerOptions
{
    /// <summary>Most messages taken from the client's queue per processing round.</summary>
    public int MaxBatchSize { get; set; } = 1_000;

    /// <summary>Key groups processed concurrently in a round. Messages with the same key are always processed in order.</summary>
    public int MaxDegreeOfParallelism { get; set; } = 32;

    /// <summary>Handler attempts for a message that fails with a transient exception before it is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 5;

    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often processed offsets are committed (also on partition revocation and shutdown).</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one poll waits for the first message of a round.</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Where a group with no committed offset starts: true for the earliest message, false for new ones only.</summary>
    public bool StartFromEarliest { get; set; } = true;

    /// <summary>Where a consumer group's options can be tuned without a rebuild: <c>Kafka:Consumers:{groupId}:MaxDegreeOfParallelism</c>.</summary>
    public static string SectionOf(string groupId) => $"{KafkaOptions.SectionName}:Consumers:{groupId}";

    /// <summary>A copy of <paramref name="options"/> with what the group's configuration section sets, validated.</summary>
    internal static EventConsumerOptions WithOverrides(EventConsumerOptions options, IConfiguration? configuration, string groupId)
    {
        var merged = (EventConsumerOptions)options.MemberwiseClone();
        var section = configuration?.GetSection(SectionOf(groupId));
        if (section is null || !section.Exists()) return merged;
        try
        {
            section.Bind(merged);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"Configuration section '{SectionOf(groupId)}' has an invalid value: {ex.Message}", ex);
        }
        merged.Validate();
        return merged;
    }

    internal void Validate()
    {
        if (MaxBatchSize < 1) throw new ArgumentOutOfRangeException(nameof(MaxBatchSize), MaxBatchSize, "must be at least 1");
        if (MaxDegreeOfParallelism < 1) throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "must be at least 1");
        if (MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "must be at least 1");
    }
}
