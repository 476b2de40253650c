using System.Text.Json;
using OpenMrs.Contracts.Events;

namespace OpenMrs.Ingestion.Validation;

/// <summary>
/// Reads the fields of one batch item (a JSON object) and records every problem under keys like
/// <c>events[3].userId</c>, instead of stopping at the first, so a client can fix a whole batch at once.
/// </summary>
internal sealed class JsonItemReader
{
    private readonly JsonElement _item;
    private readonly string _prefix;
    private readonly ValidationErrors _errors;
    private string _note = "";

    public JsonItemReader(JsonElement item, string prefix, ValidationErrors errors)
    {
        _item = item;
        _prefix = prefix;
        _errors = errors;
        IsValid = item.ValueKind == JsonValueKind.Object;
        if (!IsValid) _errors.Add(prefix, $"must be a JSON object, not {Describe(item.ValueKind)}");
    }

    public bool IsValid { get; private set; }

    /// <summary>Names the item in later messages, e.g. <c>(eventId 'e-17')</c>, when it carries a readable id.</summary>
    public void NoteIdentity(string field, string? value)
    {
        if (!string.IsNullOrEmpty(value)) _note = $" ({field} '{Truncate(value, 64)}')";
    }

    public string? RequiredId(string field) => ReadString(field, required: true, FieldLimits.MaxIdLength, isId: true);

    /// <summary>A user or track id: as <see cref="RequiredId"/>, without '/' and not "." or ".." (<see cref="IdRules.IsPathSafe"/>).</summary>
    public string? RequiredPathId(string field)
    {
        var id = RequiredId(field);
        return id is not null && !IdRules.IsPathSafe(id)
            ? Fail<string?>(field, "must not contain '/' or be '.' or '..': user and track ids are URL path segments (/v1/users/{id}, /v1/tracks/{id})")
            : id;
    }

    public string? RequiredText(string field, int maxLength) => ReadString(field, required: true, maxLength, isId: false);

    public string? OptionalText(string field, int maxLength) => ReadString(field, required: false, maxLength, isId: false);

    public int? OptionalInt(string field, int min, int max)
    {
        if (!TryGet(field, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
            return Fail<int?>(field, $"must be a whole number, not {Describe(value)}");
        if (number < min) return Fail<int?>(field, number < 0 && min == 0 ? $"must not be negative (was {number})" : $"must be at least {min} (was {number})");
        if (number > max) return Fail<int?>(field, $"must be at most {max} (was {number})");
        return (int)number;
    }

    public DateTimeOffset? RequiredTimestamp(string field, DateTimeOffset oldest, DateTimeOffset newest) =>
        TryGet(field, out var value)
            ? ReadTimestamp(field, value, oldest, newest)
            : Fail<DateTimeOffset?>(field, "is required (ISO-8601 with offset, e.g. 2026-01-31T20:15:00Z)");

    public DateTimeOffset? OptionalTimestamp(string field, DateTimeOffset oldest, DateTimeOffset newest) =>
        TryGet(field, out var value) ? ReadTimestamp(field, value, oldest, newest) : null;

    private DateTimeOffset? ReadTimestamp(string field, JsonElement value, DateTimeOffset oldest, DateTimeOffset newest)
    {
        if (value.ValueKind != JsonValueKind.String || !value.TryGetDateTimeOffset(out var timestamp))
            return Fail<DateTimeOffset?>(field, $"must be an ISO-8601 timestamp with offset, not {Describe(value)}");
        // Without an offset the parser would read the time in the server's zone: the same event, a different instant per host.
        if (value.TryGetDateTime(out var parsed) && parsed.Kind == DateTimeKind.Unspecified)
            return Fail<DateTimeOffset?>(field, $"must carry its offset (Z or ±hh:mm): '{value.GetString()}' names no time zone");
        if (timestamp < oldest) return Fail<DateTimeOffset?>(field, $"is too far in the past ({timestamp:O} is before {oldest:O})");
        if (timestamp > newest) return Fail<DateTimeOffset?>(field, $"is in the future ({timestamp:O} is after {newest:O})");
        return timestamp;
    }

    public TEnum? RequiredEnum<TEnum>(string field, IReadOnlyDictionary<string, TEnum> byName) where TEnum : struct
    {
        var allowed = string.Join(", ", byName.Keys);
        if (!TryGet(field, out var value)) return Fail<TEnum?>(field, $"is required (one of {allowed})");
        if (value.ValueKind != JsonValueKind.String) return Fail<TEnum?>(field, $"must be a string, one of {allowed}; not {Describe(value)}");
        if (!TryText(value, out var text)) return Fail<TEnum?>(field, InvalidText);
        return byName.TryGetValue(text, out var parsed) ? parsed : Fail<TEnum?>(field, $"unknown value '{Truncate(text, 32)}'; expected one of {allowed}");
    }

    public IReadOnlyList<string>? OptionalStringList(string field, int maxCount, int maxLength)
    {
        if (!TryGet(field, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Array) return Fail<IReadOnlyList<string>?>(field, $"must be an array of strings, not {Describe(value)}");
        if (value.GetArrayLength() > maxCount) return Fail<IReadOnlyList<string>?>(field, $"has {value.GetArrayLength()} entries; at most {maxCount}");
        var list = new List<string>(value.GetArrayLength());
        var index = 0;
        foreach (var entry in value.EnumerateArray())
        {
            var key = $"{field}[{index++}]";
            if (entry.ValueKind != JsonValueKind.String) { Fail<object?>(key, $"must be a string, not {Describe(entry)}"); continue; }
            if (!TryText(entry, out var text)) Fail<object?>(key, InvalidText);
            else if (string.IsNullOrWhiteSpace(text)) Fail<object?>(key, "must not be empty");
            else if (text.Length > maxLength) Fail<object?>(key, $"is {text.Length} characters long; at most {maxLength}");
            else list.Add(text);
        }
        return list;
    }

    private string? ReadString(string field, bool required, int maxLength, bool isId)
    {
        if (!TryGet(field, out var value))
            return required ? Fail<string?>(field, "is required") : null;
        if (value.ValueKind != JsonValueKind.String) return Fail<string?>(field, $"must be a string, not {Describe(value)}");
        if (!TryText(value, out var text)) return Fail<string?>(field, InvalidText);
        if (string.IsNullOrWhiteSpace(text)) return required ? Fail<string?>(field, "must not be empty") : null;
        if (text.Length > maxLength) return Fail<string?>(field, $"is {text.Length} characters long; at most {maxLength}");
        if (isId && (text.Any(char.IsControl) || text.Trim().Length != text.Length))
            return Fail<string?>(field, "must not contain control characters or leading/trailing spaces");
        return text;
    }

    private const string InvalidText = "is not valid Unicode text (invalid UTF-8 bytes or a lone surrogate escape)";

    /// <summary>The string's text; false when its bytes are not valid UTF-8 or it escapes a lone surrogate (the reader throws for both).</summary>
    private static bool TryText(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    /// <summary>Property names are camelCase; null counts as absent.</summary>
    private bool TryGet(string field, out JsonElement value)
    {
        if (_item.TryGetProperty(field, out value) && value.ValueKind != JsonValueKind.Null) return true;
        value = default;
        return false;
    }

    private T Fail<T>(string field, string message)
    {
        IsValid = false;
        _errors.Add($"{_prefix}.{field}", message + _note);
        return default!;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => TryText(value, out var text) ? $"the string '{Truncate(text, 32)}'" : "a string that is not valid Unicode",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        _ => Describe(value.ValueKind),
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Number => "a number",
        JsonValueKind.String => "a string",
        _ => kind.ToString(),
    };

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
