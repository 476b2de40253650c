namespace OpenMrs.Serving.Grains.Caching;

/// <summary>
/// Identifies one ranked list: <c>recs:v1:{userId}:{modelVersion}:{stateVersion}:{count}</c>. A new listen bumps the
/// state version and a new model changes the model version, so a stale list is never found, only left to expire.
/// The user id is the only segment that may contain ':'; the three after it never do, so the key is unambiguous.
/// </summary>
public readonly record struct RankedListCacheKey(string UserId, string? ModelVersion, long StateVersion, int Count)
{
    public const string Prefix = "recs:v1:";
    public const string NoModel = "none";

    public override string ToString() => $"{Prefix}{UserId}:{ModelVersion ?? NoModel}:{StateVersion}:{Count}";
}
