namespace OpenMrs.Serving.Endpoints;

/// <summary>What a user id in a path may be: non-blank, at most 256 characters, no control characters.</summary>
internal static class UserIdRules
{
    public const int MaxLength = 256;

    /// <returns>A 400 validation problem, or null when the id is acceptable.</returns>
    public static IResult? Validate(string userId)
    {
        if (string.IsNullOrWhiteSpace(userId) || userId.Length > MaxLength || userId.Any(char.IsControl))
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["userId"] = [$"a user id is 1-{MaxLength} printable characters"],
            });
        return null;
    }
}
