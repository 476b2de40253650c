namespace OpenMrs.Ingestion.Publishing;

/// <summary>The 202 body: items newly accepted, and items recognised as already accepted (same eventId).</summary>
public sealed record IngestResult(int Accepted, int Duplicates);
