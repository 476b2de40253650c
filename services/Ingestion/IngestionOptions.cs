namespace OpenMrs.Ingestion;

/// <summary>Limits and windows of the ingestion edge; bound from the <c>Ingestion</c> configuration section.</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>Most items (listens or tracks) in one request.</summary>
    public int MaxBatchSize { get; set; } = 1_000;

    /// <summary>Largest accepted request body; a larger one is answered 413.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How far in the future an <c>occurredAt</c> may lie (clock skew of the sender).</summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The oldest <c>occurredAt</c> accepted; older is taken for a client bug.</summary>
    public DateTimeOffset OldestOccurredAt { get; set; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How long an accepted eventId is remembered for de-duplication.</summary>
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Most eventIds the in-memory de-duplicator remembers; the oldest are forgotten first.</summary>
    public int DeduplicationCapacity { get; set; } = 1_000_000;

    /// <summary>Seconds a client is told to wait (Retry-After) when the broker did not acknowledge.</summary>
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>Seconds a client is told to wait (Retry-After) when consumers are too far behind to accept more.</summary>
    public int BacklogRetryAfterSeconds { get; set; } = 1;
}
