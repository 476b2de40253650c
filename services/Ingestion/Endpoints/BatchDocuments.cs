using OpenMrs.Contracts.Events;

namespace OpenMrs.Ingestion.Endpoints;

/// <summary>The body of <c>POST /v1/listens</c>, as described in the OpenAPI document.</summary>
public sealed record ListenBatch(IReadOnlyList<ListenEvent> Events);

/// <summary>The body of <c>POST /v1/tracks</c>, as described in the OpenAPI document.</summary>
public sealed record TrackBatch(IReadOnlyList<TrackUpsert> Tracks);
