namespace OpenMrs.Serving.Grains.Ranking;

/// <summary>What ranking knows about the user: the tracks not to offer again.</summary>
/// <param name="Heard">Played, skipped, liked or otherwise already known tracks.</param>
public sealed record UserProfile(
    string UserId,
    IReadOnlySet<string> Heard,
    IReadOnlySet<string> Disliked,
    IReadOnlySet<string> Banned)
{
    public static UserProfile Anonymous(string userId) =>
        new(userId, new HashSet<string>(), new HashSet<string>(), new HashSet<string>());

    public int ExcludedCount => Heard.Count + Disliked.Count + Banned.Count;
}
