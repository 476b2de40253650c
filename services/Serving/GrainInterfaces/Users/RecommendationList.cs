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

/// <summary>
/// One recommended track, its score and a short, human-readable why that names its evidence (<see cref="Reason"/>:
/// "because you played t-7", "popular right now").
/// </summary>
/// <remarks>
/// A value, and its reason kept as a shared phrase and the track it names, joined only when read: a cached list is
/// then one array of items holding strings that already exist (track ids, constant phrases), instead of an object
/// and a new reason string per item for every collection to trace and copy while the list lives.
/// </remarks>
[GenerateSerializer, Immutable]
public readonly struct RecommendedItem : IEquatable<RecommendedItem>
{
    /// <summary>An item whose reason is a whole text.</summary>
    [System.Text.Json.Serialization.JsonConstructor]
    public RecommendedItem(string trackId, double score, string reason) : this(trackId, score, reason, null) { }

    /// <summary>An item whose reason is <paramref name="reasonPhrase"/> followed by <paramref name="reasonEvidence"/>, e.g. "because you played" and "t-7".</summary>
    public RecommendedItem(string trackId, double score, string reasonPhrase, string? reasonEvidence) =>
        (TrackId, Score, ReasonPhrase, ReasonEvidence) = (trackId, score, reasonPhrase, reasonEvidence);

    [Id(0)] public string TrackId { get; }

    [Id(1)] public double Score { get; }

    /// <summary>The reason, or its phrase when <see cref="ReasonEvidence"/> is set.</summary>
    [Id(2), System.Text.Json.Serialization.JsonIgnore] public string ReasonPhrase { get; }

    /// <summary>The track the reason names, or null when <see cref="ReasonPhrase"/> is the whole reason.</summary>
    [Id(3), System.Text.Json.Serialization.JsonIgnore] public string? ReasonEvidence { get; }

    /// <summary>The reason's text, e.g. "because you played t-7".</summary>
    public string Reason => ReasonEvidence is null ? ReasonPhrase : $"{ReasonPhrase} {ReasonEvidence}";

    /// <summary>Items are equal when their track, score and reason text are, however the reason is kept.</summary>
    public bool Equals(RecommendedItem other) =>
        TrackId == other.TrackId && Score.Equals(other.Score) && ReasonEquals(other);

    public override bool Equals(object? obj) => obj is RecommendedItem other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(TrackId, Score, Reason);

    public static bool operator ==(RecommendedItem left, RecommendedItem right) => left.Equals(right);

    public static bool operator !=(RecommendedItem left, RecommendedItem right) => !left.Equals(right);

    public override string ToString() => $"{TrackId} ({Score}): {Reason}";

    private bool ReasonEquals(RecommendedItem other) =>
        ReasonPhrase == other.ReasonPhrase && ReasonEvidence == other.ReasonEvidence || Reason == other.Reason;
}
