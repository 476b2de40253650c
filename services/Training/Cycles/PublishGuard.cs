using OpenMrs.Recommender.Evaluation.ColdStart;
using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Models.Factorization;

namespace OpenMrs.Training.Cycles;

/// <summary>Whether a candidate may replace the current model, and why.</summary>
public sealed record GuardDecision(bool Publish, string Reason);

/// <summary>
/// The offline guard in front of every publication: a candidate is published only when every factor (or score) is
/// finite, the held-out slice has enough evaluation users to judge, and its NDCG@10 is not worse than the
/// reference's (the current published model, or popularity before the first one) by more than a relative tolerance.
/// </summary>
public static class PublishGuard
{
    private const int ScoredUsersForFiniteCheck = 64;

    public static GuardDecision Decide(
        bool finite, HoldoutMetrics candidate, HoldoutMetrics reference, string referenceName, int minEvaluationUsers, double tolerance)
    {
        if (!finite) return new(false, "refused: the candidate has a non-finite factor or score (NaN or infinity)");
        if (candidate.Users < minEvaluationUsers)
            return new(false, $"refused: only {candidate.Users} evaluation users in the held-out slice, {minEvaluationUsers} needed to judge");
        var floor = reference.NdcgAt10 * (1 - tolerance);
        if (candidate.NdcgAt10 < floor)
            return new(false, $"refused: NDCG@10 {candidate.NdcgAt10:F4} is below {referenceName}'s {reference.NdcgAt10:F4} by more than {tolerance:P0}");
        return new(true, $"published: NDCG@10 {candidate.NdcgAt10:F4} against {referenceName}'s {reference.NdcgAt10:F4} (tolerance {tolerance:P0})");
    }

    /// <summary>
    /// The content-to-factors guard: every weight finite, and the candidate's MAP@500 on held-out tracks above random
    /// factors' (ALGORITHMS.md C's lower baseline).
    /// </summary>
    public static GuardDecision DecideColdStart(bool finite, ColdStartMetrics candidate, ColdStartMetrics random)
    {
        if (!finite) return new(false, "refused: the content model has a non-finite weight");
        if (candidate.MapAt500 <= random.MapAt500)
            return new(false, $"refused: MAP@500 {candidate.MapAt500:F4} on {candidate.Items} held-out tracks does not beat random factors' {random.MapAt500:F4}");
        return new(true, $"published: MAP@500 {candidate.MapAt500:F4} on {candidate.Items} held-out tracks against random factors' {random.MapAt500:F4}");
    }

    /// <summary>True when every factor of a factor model is finite; for other models, every score of the first users.</summary>
    public static bool IsFinite(IRecommender model)
    {
        if (model is FactorModel factors)
            return AllFinite(factors.UserFactors.Data) && AllFinite(factors.ItemFactors.Data) && (factors.ItemBias is null || AllFinite(factors.ItemBias));
        if (model is RecommenderBase scored)
        {
            for (var user = 0; user < Math.Min(scored.UserCount, ScoredUsersForFiniteCheck); user++)
                if (!AllFinite(scored.Scores(user))) return false;
        }
        return true;
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
            if (!float.IsFinite(v)) return false;
        return true;
    }
}
