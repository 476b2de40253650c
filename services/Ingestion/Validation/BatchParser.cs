using System.Text.Json;
using Microsoft.Extensions.Options;

namespace OpenMrs.Ingestion.Validation;

/// <summary>
/// Parses a batch body <c>{ "events": [ ... ] }</c> (or <c>"tracks"</c>) and validates every item. The policy is
/// all-or-nothing: one invalid item rejects the whole batch and the answer names every bad item and field, so the
/// client fixes and resends it; nothing of a rejected batch is published.
/// </summary>
public sealed class BatchParser<T>(IBatchItemValidator<T> validator, IOptions<IngestionOptions> options) where T : class
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    public BatchParseResult<T> Parse(ReadOnlyMemory<byte> body)
    {
        var property = validator.ArrayProperty;
        JsonDocument document;
        try
        {
            // A UTF-8 byte order mark is legal before JSON text (RFC 8259 lets parsers ignore it); JsonDocument does not skip it.
            document = JsonDocument.Parse(body.Span.StartsWith(Utf8ByteOrderMark) ? body[Utf8ByteOrderMark.Length..] : body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var position = $"line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}";
            return Reject("The request body is not valid JSON.", $"{ex.Message.Split(" Path:")[0].Split(" LineNumber:")[0]} (at {position})",
                new Dictionary<string, string[]> { ["$"] = [$"malformed JSON at {position}"] });
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array)
                return Reject("The request body has the wrong shape.", $"Expected a JSON object {{ \"{property}\": [ ... ] }}.",
                    new Dictionary<string, string[]> { [property] = [$"is required and must be an array"] });

            var count = array.GetArrayLength();
            var max = options.Value.MaxBatchSize;
            if (count > max)
                return Reject("The batch is too large.", $"The batch holds {count} items; at most {max} are accepted per request. Split it.",
                    new Dictionary<string, string[]> { [property] = [$"has {count} items; at most {max}"] });
            if (count == 0)
                return Reject("The batch is empty.", $"Send at least one item in \"{property}\".",
                    new Dictionary<string, string[]> { [property] = ["must hold at least one item"] });

            var errors = new ValidationErrors();
            var items = new List<T>(count);
            var index = 0;
            var invalid = 0;
            foreach (var element in array.EnumerateArray())
            {
                var item = validator.Validate(element, $"{property}[{index++}]", errors);
                if (item is null) invalid++;
                else items.Add(item);
            }
            return errors.IsEmpty
                ? new BatchParseResult<T>(items, null)
                : new BatchParseResult<T>([], new BatchRejection(
                    "One or more items are invalid; the whole batch was rejected.",
                    $"{invalid} of {count} items are invalid. Nothing of this batch was accepted: fix the items named in 'errors' and resend the batch.",
                    errors.ToDictionary(), invalid, errors.Truncated));
        }
    }

    private static BatchParseResult<T> Reject(string title, string detail, IDictionary<string, string[]> errors) =>
        new([], new BatchRejection(title, detail, errors));
}
