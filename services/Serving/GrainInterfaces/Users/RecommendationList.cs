namespace OpenMrs.Serving.GrainInterfaces.Users;

/// <summary>A ranked list for one user under one model version and one state version.</summary>
/// <param name="ModelVersion">The model version ranked with, or null when no model is loaded yet.</param>
/// <param name="Variant">The A/B variant the user is assigned to, or null when no experiment is configured.</param>
[GenerateSerializer, Immutable]
public sealed record RecommendationList(
    [property: Id(0)] string UserId,
    [property: Id(1)] string? ModelVersion,
    [property: Id(2)] long StateVersion,
    [property: Id(3)] IReadOnlyList<RecommendedItem> Items,
    [property: Id(4)] string? Variant = null);

/// <param name="Reason">A short, human-readable why that names its evidence, e.g. "because you played t-7", "popular right now".</param>
/// <remarks>A value: a cached list is one array of items rather than an object per item for the collector to trace.</remarks>
[GenerateSerializer, Immutable]
public readonly record struct RecommendedItem(
    [property: Id(0)] string TrackId,
    [property: Id(1)] double Score,
    [property: Id(2)] string Reason);
