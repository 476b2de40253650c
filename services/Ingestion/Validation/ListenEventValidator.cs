using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenMrs.Contracts.Events;

namespace OpenMrs.Ingestion.Validation;

/// <summary>Turns the items of a listens batch into <see cref="ListenEvent"/>s, or names every field that is wrong.</summary>
public sealed class ListenEventValidator(IOptions<IngestionOptions> options, TimeProvider clock) : IBatchItemValidator<ListenEvent>
{
    /// <summary>Kinds by their wire name, the lower-case enum name.</summary>
    public static IReadOnlyDictionary<string, ListenKind> KindsByName { get; } =
        Enum.GetValues<ListenKind>().ToDictionary(k => k.ToString().ToLowerInvariant(), StringComparer.Ordinal);

    public string ArrayProperty => "events";

    public ListenEvent? Validate(JsonElement item, string prefix, ValidationErrors errors)
    {
        var reader = new JsonItemReader(item, prefix, errors);
        if (!reader.IsValid) return null;
        var limits = options.Value;

        var eventId = reader.RequiredId("eventId");
        reader.NoteIdentity("eventId", eventId);
        var userId = reader.RequiredPathId("userId");
        var trackId = reader.RequiredPathId("trackId");
        var occurredAt = reader.RequiredTimestamp("occurredAt", limits.OldestOccurredAt, clock.GetUtcNow() + limits.MaxFutureSkew);
        var kind = reader.RequiredEnum("kind", KindsByName);
        var msPlayed = reader.OptionalInt("msPlayed", 0, FieldLimits.MaxDurationMs);
        var context = reader.OptionalText("context", FieldLimits.MaxContextLength);

        return reader.IsValid ? new ListenEvent(eventId!, userId!, trackId!, occurredAt!.Value, kind!.Value, msPlayed, context) : null;
    }
}
