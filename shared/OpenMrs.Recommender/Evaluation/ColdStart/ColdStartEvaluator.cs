using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Evaluation.Metrics;
using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Evaluation.ColdStart;

/// <summary>
/// Scores held-out tracks by ŷ_i · x_u (predicted item factors against the users' WALS factors) and ranks them per user
/// against that user's held-out plays, as ALGORITHMS.md C evaluates content-to-factors (van den Oord et al. 2013).
/// Only held-out tracks are ranked (they are the cold candidates); a user's training tracks are not among them.
/// </summary>
public static class ColdStartEvaluator
{
    /// <summary>The recall cut-offs reported by default.</summary>
    public static readonly int[] DefaultCutoffs = [10, 50, 100];

    public const int MapCutoff = 500;

    /// <param name="userFactors">users × k, the users' factors (row u is user u of <paramref name="heldOut"/>).</param>
    /// <param name="heldOut">users × held-out tracks; a value above 0 marks a play.</param>
    /// <param name="predicted">held-out tracks × k, each track's predicted factors.</param>
    /// <exception cref="ArgumentException">The shapes do not agree, or no user has a held-out play.</exception>
    public static ColdStartMetrics Evaluate(FactorMatrix userFactors, CsrMatrix heldOut, FactorMatrix predicted, IReadOnlyList<int>? recallCutoffs = null)
    {
        recallCutoffs ??= DefaultCutoffs;
        if (userFactors.Rows != heldOut.Rows || predicted.Rows != heldOut.Columns || userFactors.Factors != predicted.Factors)
            throw new ArgumentException(
                $"cold-start evaluation: {userFactors.Rows}×{userFactors.Factors} user factors, {heldOut.Rows}×{heldOut.Columns} held-out plays and {predicted.Rows}×{predicted.Factors} predicted factors do not agree");
        var longest = Math.Min(predicted.Rows, Math.Max(MapCutoff, recallCutoffs.DefaultIfEmpty(0).Max()));
        double map = 0;
        var recall = new double[recallCutoffs.Count];
        var users = 0;
        var scores = new float[predicted.Rows];
        for (var u = 0; u < heldOut.Rows; u++)
        {
            var relevant = heldOut.RowIndices(u);
            if (relevant.Length == 0) continue;
            users++;
            FactorScoring.ScoreAll(userFactors.Row(u), predicted, scores);
            var top = TopK.Select(scores, longest);
            var relevantSet = new HashSet<int>(relevant.ToArray());
            var gains = top.Select(s => relevantSet.Contains(s.Item) ? 1f : 0f).ToArray();
            var ranking = new UserRanking(gains, [.. Enumerable.Repeat(1f, relevant.Length)]);
            map += ranking.AveragePrecision(MapCutoff);
            for (var c = 0; c < recall.Length; c++) recall[c] += ranking.Recall(recallCutoffs[c]);
        }
        if (users == 0) throw new ArgumentException("cold-start evaluation: no user has a play of a held-out track");
        return new ColdStartMetrics(users, predicted.Rows, map / users,
            recallCutoffs.Select((k, c) => (k, c)).ToDictionary(p => p.k, p => recall[p.c] / users));
    }
}
