using System.IO.Hashing;
using System.Text;

namespace OpenMrs.Serving.Grains.Caching;

/// <summary>
/// Identifies one ranked list: <c>recs:v2:{userId}:{modelVersion}:{stateVersion}:{count}:{variant}:{options}</c>. A
/// new listen bumps the state version and a new personal model changes the model version (<see cref="Models.ServingModel.CacheVersion"/>),
/// so a stale list is never found, only left to expire. <c>options</c> is the diversity and a fingerprint of the excluded ids. The user id is the
/// only segment that may contain ':'; the segments after it never do, so the key is unambiguous.
/// </summary>
/// <remarks>
/// A value with value equality, so in-process maps key on it directly: it references the grain's user id and the
/// model's version string, where a composed key was a new string of a few hundred bytes per request and one more
/// object in every cached list for the collector to trace. The text (<see cref="ToString"/>) is written only for Redis.
/// </remarks>
public readonly record struct RankedListCacheKey
{
    public const string Prefix = "recs:v2:";
    public const string NoModel = "none";

    /// <param name="exclude">Track ids the request excluded; only their fingerprint is kept (order and duplicates do not matter).</param>
    public RankedListCacheKey(string userId, string? modelVersion, long stateVersion, int count, string? variant = null, double diversity = 0,
        IReadOnlyCollection<string>? exclude = null)
    {
        UserId = userId;
        ModelVersion = modelVersion;
        StateVersion = stateVersion;
        Count = count;
        Variant = variant;
        Diversity = diversity;
        ExcludeFingerprint = Fingerprint(exclude);
    }

    public string UserId { get; init; }
    public string? ModelVersion { get; init; }
    public long StateVersion { get; init; }
    public int Count { get; init; }
    public string? Variant { get; init; }
    public double Diversity { get; init; }

    /// <summary>XxHash3 of the sorted, distinct excluded ids, one per line; 0 when nothing is excluded.</summary>
    public ulong ExcludeFingerprint { get; }

    public override string ToString() =>
        $"{Prefix}{UserId}:{ModelVersion ?? NoModel}:{StateVersion}:{Count}:{Variant ?? "-"}:d{Diversity:0.###}-x{(ExcludeFingerprint == 0 ? "0" : ExcludeFingerprint.ToString("x16"))}";

    private static ulong Fingerprint(IReadOnlyCollection<string>? exclude)
    {
        if (exclude is not { Count: > 0 } ids) return 0;
        var hash = new XxHash3();
        foreach (var id in ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)) hash.Append(Encoding.UTF8.GetBytes(id + "\n"));
        return Math.Max(1, hash.GetCurrentHashAsUInt64());
    }
}
