using System.IO.Hashing;
using System.Text;

namespace OpenMrs.Serving.Grains.Caching;

/// <summary>
/// Identifies one ranked list: <c>recs:v2:{userId}:{modelVersion}:{stateVersion}:{count}:{variant}:{options}</c>. A
/// new listen bumps the state version and a new model changes the model version, so a stale list is never found,
/// only left to expire. <c>options</c> is the diversity and a fingerprint of the excluded ids. The user id is the
/// only segment that may contain ':'; the segments after it never do, so the key is unambiguous.
/// </summary>
public readonly record struct RankedListCacheKey(
    string UserId, string? ModelVersion, long StateVersion, int Count, string? Variant = null, double Diversity = 0, IReadOnlyCollection<string>? Exclude = null)
{
    public const string Prefix = "recs:v2:";
    public const string NoModel = "none";

    public override string ToString() =>
        $"{Prefix}{UserId}:{ModelVersion ?? NoModel}:{StateVersion}:{Count}:{Variant ?? "-"}:d{Diversity:0.###}-x{ExcludeFingerprint()}";

    private string ExcludeFingerprint()
    {
        if (Exclude is not { Count: > 0 } ids) return "0";
        var hash = new XxHash3();
        foreach (var id in ids.Order(StringComparer.Ordinal)) hash.Append(Encoding.UTF8.GetBytes(id + "\n"));
        return hash.GetCurrentHashAsUInt64().ToString("x16");
    }
}
