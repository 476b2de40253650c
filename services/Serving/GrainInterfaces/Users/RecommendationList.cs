namespace OpenMrs.Serving.GrainInterfaces.Users;

/// <summary>A ranked list for one user under one model version and one state version.</summary>
/// <param name="ModelVersion">The model version ranked with, or null when no model is loaded yet.</param>
[GenerateSerializer, Immutable]
public sealed record RecommendationList(
    [property: Id(0)] string UserId,
    [property: Id(1)] string? ModelVersion,
    [property: Id(2)] long StateVersion,
    [property: Id(3)] IReadOnlyList<RecommendedItem> Items);

/// <param name="Reason">A short, human-readable why, e.g. "popular right now".</param>
[GenerateSerializer, Immutable]
public sealed record RecommendedItem(
    [property: Id(0)] string TrackId,
    [property: Id(1)] double Score,
    [property: Id(2)] string Reason);
