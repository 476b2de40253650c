namespace OpenMrs.Contracts.Events;

/// <summary>A catalog upsert, keyed on the compacted <c>tracks</c> topic by <see cref="TrackId"/>.</summary>
/// <param name="AudioUri">A file path, <c>file://</c> or <c>http(s)://</c> URI of the audio, if any.</param>
/// <param name="Text">Free text about the track or artist (biography, description) for content models.</param>
/// <param name="ReleasedAt">When the track was released, if the platform knows: the freshness boost ages a track from
/// here rather than from its first announcement, so a catalogue loaded in bulk does not make every track "new".</param>
public sealed record TrackUpsert(
    string TrackId,
    string Title,
    string Artist,
    string? Album = null,
    int? DurationMs = null,
    string? AudioUri = null,
    IReadOnlyList<string>? Tags = null,
    string? Text = null,
    DateTimeOffset? ReleasedAt = null);
