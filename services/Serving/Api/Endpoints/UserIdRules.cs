using OpenMrs.Contracts.Events;

namespace OpenMrs.Serving.Endpoints;

/// <summary>What a user or track id in a path may be: non-blank, at most <see cref="IdRules.MaxLength"/> characters, no control characters.</summary>
internal static class UserIdRules
{
    public const int MaxLength = IdRules.MaxLength;

    /// <summary>True for an id of 1..<see cref="MaxLength"/> characters, not blank, without control characters.</summary>
    public static bool IsValid(string? id) => !string.IsNullOrWhiteSpace(id) && id.Length <= MaxLength && !id.Any(char.IsControl);

    /// <returns>A 400 validation problem, or null when the id is acceptable.</returns>
    public static IResult? Validate(string id, string name = "userId")
    {
        if (!IsValid(id))
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                [name] = [$"a {(name == "userId" ? "user" : "track")} id is 1-{MaxLength} printable characters"],
            });
        return null;
    }
}
