namespace OpenMrs.Contracts.Events;

/// <summary>One listening interaction, keyed on the <c>listens</c> topic by <see cref="UserId"/>.</summary>
/// <param name="EventId">Producer-assigned unique id; consumers are idempotent on it.</param>
/// <param name="MsPlayed">Milliseconds actually played, when the platform knows it.</param>
/// <param name="Context">Where it happened: a playlist id, "radio", "search", ... Free text, optional.</param>
public sealed record ListenEvent(
    string EventId,
    string UserId,
    string TrackId,
    DateTimeOffset OccurredAt,
    ListenKind Kind,
    int? MsPlayed = null,
    string? Context = null);
