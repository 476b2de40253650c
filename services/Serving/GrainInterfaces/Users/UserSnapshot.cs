namespace OpenMrs.Serving.GrainInterfaces.Users;

/// <summary>A user's state at one state version.</summary>
/// <param name="RecentHistory">Track ids, most recent first.</param>
/// <param name="TrackCounts">Per-track aggregates of the most recently touched tracks.</param>
[GenerateSerializer, Immutable]
public sealed record UserSnapshot(
    [property: Id(0)] string UserId,
    [property: Id(1)] long StateVersion,
    [property: Id(2)] IReadOnlyList<string> RecentHistory,
    [property: Id(3)] IReadOnlyDictionary<string, TrackAggregate> TrackCounts,
    [property: Id(4)] IReadOnlyList<string> Likes,
    [property: Id(5)] IReadOnlyList<string> Dislikes,
    [property: Id(6)] IReadOnlyList<string> Bans,
    [property: Id(7)] SessionSnapshot? CurrentSession,
    [property: Id(8)] DateTimeOffset? LastEventAt);

/// <summary>How often a user did what with one track.</summary>
[GenerateSerializer, Immutable]
public sealed record TrackAggregate(
    [property: Id(0)] int Plays,
    [property: Id(1)] int Skips,
    [property: Id(2)] int Likes,
    [property: Id(3)] int Saves,
    [property: Id(4)] DateTimeOffset LastAt);

/// <summary>The current listening session: events with no gap longer than the session gap.</summary>
/// <param name="Tracks">Track ids in listening order (the most recent ones when the session is long).</param>
[GenerateSerializer, Immutable]
public sealed record SessionSnapshot(
    [property: Id(0)] long SessionNumber,
    [property: Id(1)] DateTimeOffset StartedAt,
    [property: Id(2)] DateTimeOffset LastAt,
    [property: Id(3)] IReadOnlyList<string> Tracks);
