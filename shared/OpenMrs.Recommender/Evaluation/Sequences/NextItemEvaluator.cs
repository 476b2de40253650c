using System.Collections.Concurrent;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Evaluation.Metrics;
using OpenMrs.Recommender.Models;

namespace OpenMrs.Recommender.Evaluation.Sequences;

/// <summary>Next-track metrics at one cut-off, averaged over every predicted step.</summary>
public sealed record NextItemMetrics(int K, double HitRate, double Mrr, double Ndcg);

public sealed record NextItemResult(int Sessions, long Steps, long SkippedColdSteps, IReadOnlyList<NextItemMetrics> AtK)
{
    public NextItemMetrics At(int k) => AtK.FirstOrDefault(m => m.K == k) ?? throw new KeyNotFoundException($"k={k} was not evaluated");
}

/// <summary>
/// Sequence-aware evaluation (next-track prediction): for every held-out session and every position after the
/// first, the model sees the session so far as a history (<see cref="IRecommender.RecommendForHistory"/>) and is
/// scored on where it ranks the track actually played next. Steps whose next track never occurs in training are
/// skipped and counted, since no model can rank them; a repeat of a track already in the prefix is skipped too,
/// because histories exclude seen items. History values are 1 by default; with <c>positionValues</c> each track carries
/// its 1-based position in the session so far (the latest play of a repeat), for order-aware models such as session kNN.
/// </summary>
public static class NextItemEvaluator
{
    public static NextItemResult Evaluate(
        IRecommender model, CsrMatrix train, IReadOnlyList<int[]> sessions, IReadOnlyList<int> ks, int? threads = null,
        CancellationToken cancellationToken = default, bool positionValues = false)
    {
        if (ks.Count == 0 || ks.Any(k => k < 1)) throw new ArgumentException("cut-offs must be positive", nameof(ks));
        var cuts = ks.Distinct().Order().ToArray();
        var known = new bool[train.Columns];
        foreach (var item in train.ColumnIndices) known[item] = true;

        var sums = new double[cuts.Length, 3];
        long steps = 0, cold = 0;
        var gate = new object();
        Parallel.ForEach(
            Partitioner.Create(0, sessions.Count),
            new ParallelOptions { MaxDegreeOfParallelism = threads ?? -1, CancellationToken = cancellationToken },
            () => (Sums: new double[cuts.Length, 3], Steps: 0L, Cold: 0L),
            (range, _, local) =>
            {
                for (var s = range.Item1; s < range.Item2; s++)
                    ScoreSession(model, sessions[s], cuts, known, positionValues, local.Sums, ref local.Steps, ref local.Cold);
                return local;
            },
            local =>
            {
                lock (gate)
                {
                    for (var i = 0; i < cuts.Length; i++)
                        for (var m = 0; m < 3; m++) sums[i, m] += local.Sums[i, m];
                    steps += local.Steps;
                    cold += local.Cold;
                }
            });

        var atK = cuts.Select((k, i) => new NextItemMetrics(k,
            steps == 0 ? 0 : sums[i, 0] / steps, steps == 0 ? 0 : sums[i, 1] / steps, steps == 0 ? 0 : sums[i, 2] / steps)).ToList();
        return new NextItemResult(sessions.Count, steps, cold, atK);
    }

    private static void ScoreSession(IRecommender model, int[] session, int[] cuts, bool[] known, bool positionValues, double[,] sums, ref long steps, ref long cold)
    {
        var prefix = new SortedDictionary<int, float>();
        for (var t = 0; t < session.Length; t++)
        {
            var next = session[t];
            if (t > 0 && (uint)next < (uint)known.Length && !prefix.ContainsKey(next))
            {
                if (!known[next]) cold++;
                else
                {
                    var history = new SparseRow([.. prefix.Keys], [.. prefix.Values]);
                    var list = model.RecommendForHistory(history, cuts[^1], excludeSeen: true);
                    var gains = list.Select(r => r.Item == next ? 1f : 0f).ToArray();
                    var ranking = new UserRanking(gains, [1f]);
                    for (var i = 0; i < cuts.Length; i++)
                    {
                        sums[i, 0] += ranking.HitRate(cuts[i]);
                        sums[i, 1] += ranking.ReciprocalRank(cuts[i]);
                        sums[i, 2] += ranking.Ndcg(cuts[i]);
                    }
                    steps++;
                }
            }
            prefix[next] = positionValues ? t + 1 : 1f;
        }
    }
}
