using OpenMrs.ModelStore.Formats;
using OpenMrs.Recommender.Evaluation.Metrics;

namespace OpenMrs.Training.Cycles;

/// <summary>Mean ranking quality of one model on a <see cref="HoldoutSlice"/>'s users.</summary>
/// <param name="Users">Evaluation users scored.</param>
public sealed record HoldoutMetrics(double NdcgAt10, double HitRateAt10, double RecallAt50, int Users)
{
    public IReadOnlyDictionary<string, double> ToDictionary(string prefix = "") => new Dictionary<string, double>
    {
        [prefix + "ndcg@10"] = NdcgAt10,
        [prefix + "hitrate@10"] = HitRateAt10,
        [prefix + "recall@50"] = RecallAt50,
        [prefix + "evaluationUsers"] = Users,
    };
}

/// <summary>
/// Scores a model exactly as Serving uses it: each evaluation user's training history is mapped into the model's
/// item space and ranked with <c>RecommendForHistory</c> (fold-in for factor models), history excluded. A candidate
/// fitted on the slice and the current published model are therefore compared on equal terms.
/// </summary>
public static class HoldoutEvaluator
{
    private const int LongestCutoff = 50;

    /// <param name="maxUsers">Score at most this many users, a fixed sample (every n-th) so runs compare.</param>
    public static HoldoutMetrics Evaluate(TrainedModel model, IReadOnlyList<HoldoutUser> users, int maxUsers, CancellationToken cancellationToken = default)
    {
        var chosen = Sample(users, maxUsers);
        if (chosen.Count == 0) return new HoldoutMetrics(0, 0, 0, 0);
        var ndcg = new double[chosen.Count];
        var hits = new double[chosen.Count];
        var recall = new double[chosen.Count];
        Parallel.For(0, chosen.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var user = chosen[i];
            var gains = Gains(model, user);
            var ideal = new float[user.HeldOut.Count];
            Array.Fill(ideal, 1f);
            var ranking = new UserRanking(gains, ideal);
            ndcg[i] = ranking.Ndcg(10);
            hits[i] = ranking.HitRate(10);
            recall[i] = ranking.Recall(LongestCutoff);
        });
        return new HoldoutMetrics(ndcg.Average(), hits.Average(), recall.Average(), chosen.Count);
    }

    private static float[] Gains(TrainedModel model, HoldoutUser user)
    {
        var history = model.History(user.History);
        if (history.Count == 0) return [];
        var top = model.Recommender.RecommendForHistory(history, Math.Min(LongestCutoff, model.Items.Count), excludeSeen: true);
        var gains = new float[top.Length];
        for (var r = 0; r < top.Length; r++)
            gains[r] = user.HeldOut.Contains(model.Items[top[r].Item]) ? 1f : 0f;
        return gains;
    }

    private static List<HoldoutUser> Sample(IReadOnlyList<HoldoutUser> users, int maxUsers)
    {
        if (users.Count <= maxUsers) return [.. users];
        var step = (double)users.Count / maxUsers;
        return [.. Enumerable.Range(0, maxUsers).Select(i => users[(int)(i * step)])];
    }
}
