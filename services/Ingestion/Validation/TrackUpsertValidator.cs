using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenMrs.Contracts.Events;

namespace OpenMrs.Ingestion.Validation;

/// <summary>
/// Turns the items of a tracks batch into <see cref="TrackUpsert"/>s, or names every field that is wrong. A
/// <c>releasedAt</c> may lie at most <see cref="IngestionOptions.MaxFutureSkew"/> ahead: a track is announced when it
/// is released (the skew allows only for the sender's clock).
/// </summary>
public sealed class TrackUpsertValidator(IOptions<IngestionOptions> options, TimeProvider clock) : IBatchItemValidator<TrackUpsert>
{
    public string ArrayProperty => "tracks";

    public TrackUpsert? Validate(JsonElement item, string prefix, ValidationErrors errors)
    {
        var reader = new JsonItemReader(item, prefix, errors);
        if (!reader.IsValid) return null;

        var trackId = reader.RequiredPathId("trackId");
        reader.NoteIdentity("trackId", trackId);
        var title = reader.RequiredText("title", FieldLimits.MaxNameLength);
        var artist = reader.RequiredText("artist", FieldLimits.MaxNameLength);
        var album = reader.OptionalText("album", FieldLimits.MaxNameLength);
        var durationMs = reader.OptionalInt("durationMs", 0, FieldLimits.MaxDurationMs);
        var audioUri = reader.OptionalText("audioUri", FieldLimits.MaxUriLength);
        var tags = reader.OptionalStringList("tags", FieldLimits.MaxTags, FieldLimits.MaxTagLength);
        var text = reader.OptionalText("text", FieldLimits.MaxTextLength);
        var releasedAt = reader.OptionalTimestamp("releasedAt", FieldLimits.OldestReleasedAt, clock.GetUtcNow() + options.Value.MaxFutureSkew);

        if (audioUri is not null && !IsSupportedAudioLocation(audioUri))
        {
            errors.Add($"{prefix}.audioUri", $"must be an absolute file path or a file://, http:// or https:// URI (trackId '{trackId}')");
            return null;
        }
        return reader.IsValid ? new TrackUpsert(trackId!, title!, artist!, album, durationMs, audioUri, tags, text, releasedAt) : null;
    }

    private static bool IsSupportedAudioLocation(string location) =>
        Uri.TryCreate(location, UriKind.Absolute, out var uri)
        && (uri.Scheme is "http" or "https" or "file" || uri.IsFile)
        || Path.IsPathFullyQualified(location);
}
