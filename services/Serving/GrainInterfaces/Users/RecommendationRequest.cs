namespace OpenMrs.Serving.GrainInterfaces.Users;

/// <summary>What a client asks of a user's ranked list.</summary>
/// <param name="Count">Items wanted, at least 1.</param>
/// <param name="Diversity">MMR trade-off λ in [0, 1]: 0 ranks by relevance alone, 1 by novelty against the items above; null uses the configured default.</param>
/// <param name="Exclude">Track ids never to return in this list (e.g. what the client is showing already).</param>
[GenerateSerializer, Immutable]
public sealed record RecommendationRequest(
    [property: Id(0)] int Count,
    [property: Id(1)] double? Diversity = null,
    [property: Id(2)] IReadOnlyList<string>? Exclude = null);
