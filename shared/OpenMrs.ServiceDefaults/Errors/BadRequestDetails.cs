using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace OpenMrs.ServiceDefaults.Errors;

/// <summary>
/// What a client can act on from a request that minimal-API binding rejected: the parameter and the value for a
/// query or route value that does not parse, the JSON path and position for a body that does not read. ASP.NET Core's
/// own messages name .NET types ("int? count"), which mean nothing to a client.
/// </summary>
internal static partial class BadRequestDetails
{
    /// <returns>The title, the detail, and the offending parameter's name when there is one.</returns>
    public static (string Title, string Detail, string? Parameter) Of(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            var path = string.IsNullOrEmpty(json.Path) ? "$" : json.Path;
            var at = json.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine})" : "";
            return ("The request body is not valid JSON.", $"malformed JSON, or a value of the wrong type, at {path}{at}", path);
        }
        if (UnparsableParameter().Match(exception.Message) is { Success: true } bind)
        {
            var name = bind.Groups["name"].Value;
            return ("The request is not valid.", $"{name} cannot be '{bind.Groups["value"].Value}'", name);
        }
        if (MissingParameter().Match(exception.Message) is { Success: true } missing)
        {
            var name = missing.Groups["name"].Value;
            return ("The request is not valid.", missing.Groups["source"].Value == "body" ? "a JSON request body is required" : $"{name} is required", name);
        }
        return ("The request is not valid.", exception.Message, null);
    }

    [GeneratedRegex("""^Failed to bind parameter "(?:.+ )?(?<name>[^ ]+)" from "(?<value>.*)"\.$""")]
    private static partial Regex UnparsableParameter();

    [GeneratedRegex("""^Required parameter "(?:.+ )?(?<name>[^ ]+)" was not provided from (?<source>\w+)""")]
    private static partial Regex MissingParameter();
}
