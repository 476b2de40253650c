namespace OpenMrs.Recommender.Evaluation.ColdStart;

/// <summary>
/// How well predicted item factors rank held-out (cold) tracks for their listeners (ALGORITHMS.md C's protocol):
/// mean AP@500 (MAP@500) and mean recall@k over the users with at least one held-out play.
/// </summary>
/// <param name="Users">Users evaluated.</param>
/// <param name="Items">Held-out tracks ranked.</param>
public sealed record ColdStartMetrics(int Users, int Items, double MapAt500, IReadOnlyDictionary<int, double> RecallAt)
{
    /// <summary>The figures under flat names (<c>map@500</c>, <c>recall@10</c>, ...), for manifests and reports.</summary>
    public IReadOnlyDictionary<string, double> ToDictionary(string prefix = "")
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [$"{prefix}map@500"] = MapAt500,
            [$"{prefix}users"] = Users,
            [$"{prefix}items"] = Items,
        };
        foreach (var (k, recall) in RecallAt) values[$"{prefix}recall@{k}"] = recall;
        return values;
    }
}
