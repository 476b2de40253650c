namespace OpenMrs.Serving.GrainInterfaces.Users;

/// <summary>
/// A silo's ranking queue is full (<c>Serving:RankingQueueLimit</c> requests already wait for a core): the request
/// was not ranked and nothing changed. Answered as 503 with <c>Retry-After</c>; reads are safe to retry.
/// </summary>
[GenerateSerializer]
public sealed class RankingCapacityException : Exception
{
    /// <summary>Seconds a client should wait before retrying.</summary>
    [Id(0)]
    public int RetryAfterSeconds { get; init; } = 1;

    public RankingCapacityException() : base("Serving is ranking at capacity and its queue is full.") { }

    public RankingCapacityException(string message) : base(message) { }

    public RankingCapacityException(string message, Exception innerException) : base(message, innerException) { }
}
