using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Models.Factorization;

/// <summary>
/// Fold-in (WALS projection): the best factor row for a user (or item) given its interactions and the other side's
/// fixed factors. Used to recommend for new users and to update a known user on every event without refitting.
/// </summary>
public static class FoldIn
{
    /// <summary>Implicit feedback: solves (YᵀY + Σ (cⱼ−1) yⱼyⱼᵀ + λI) x = Σ cⱼ yⱼ. Pass <paramref name="gram"/> = YᵀY, computed once.</summary>
    public static float[] Implicit(FactorMatrix fixedFactors, double[] gram, int[] indices, float[] confidences, double lambda) =>
        Solve(ImplicitProblem(fixedFactors, gram, indices, confidences, lambda));

    /// <summary>Explicit ratings: ridge regression (Σ yⱼyⱼᵀ + λI) x = Σ rⱼ yⱼ over the observed entries only.</summary>
    public static float[] Explicit(FactorMatrix fixedFactors, int[] indices, float[] ratings, double lambda) =>
        Solve(new FoldInProblem(fixedFactors, indices, Ones(indices.Length), ratings, lambda));

    public static FoldInProblem ImplicitProblem(FactorMatrix fixedFactors, double[] gram, int[] indices, float[] confidences, double lambda) =>
        new(fixedFactors, indices, Array.ConvertAll(confidences, c => c - 1), confidences, lambda, gram);

    public static float[] Solve(FoldInProblem problem)
    {
        var (system, target) = Assemble(problem);
        new Cholesky(system, problem.Items.Factors).SolveInPlace(target);
        return Array.ConvertAll(target, v => (float)v);
    }

    /// <summary>
    /// How much each history item adds to <paramref name="item"/>'s folded-in score: the score is
    /// q_tᵀ A⁻¹ (o + Σⱼ bⱼ qⱼ), so item j contributes bⱼ · qⱼᵀ A⁻¹ q_t. Strongest first.
    /// </summary>
    public static Contribution[] Explain(FoldInProblem problem, int item, int count)
    {
        var (system, _) = Assemble(problem);
        var k = problem.Items.Factors;
        var direction = new double[k];
        var qt = problem.Items.Row(item);
        for (var f = 0; f < k; f++) direction[f] = qt[f];
        new Cholesky(system, k).SolveInPlace(direction);
        var contributions = new Contribution[problem.History.Length];
        for (var n = 0; n < problem.History.Length; n++)
        {
            var qj = problem.Items.Row(problem.History[n]);
            double dot = 0;
            for (var f = 0; f < k; f++) dot += qj[f] * direction[f];
            contributions[n] = new Contribution(problem.History[n], (float)(problem.TargetWeights[n] * dot));
        }
        return [.. contributions.OrderByDescending(c => c.Weight).ThenBy(c => c.HistoryItem).Take(count)];
    }

    private static (double[] System, double[] Target) Assemble(FoldInProblem problem)
    {
        var k = problem.Items.Factors;
        var system = problem.BaseGram is { } g ? (double[])g.Clone() : new double[k * k];
        if (system.Length != k * k) throw new ArgumentException("base Gram matrix has the wrong size");
        var target = problem.Offset is { } o ? (double[])o.Clone() : new double[k];
        for (var f = 0; f < k; f++) system[f * k + f] += problem.Ridge;
        for (var n = 0; n < problem.History.Length; n++)
        {
            var q = problem.Items.Row(problem.History[n]);
            var a = problem.SystemWeights[n];
            var b = problem.TargetWeights[n];
            for (var i = 0; i < k; i++)
            {
                target[i] += b * q[i];
                if (a == 0) continue;
                var aqi = a * q[i];
                for (var j = 0; j < k; j++) system[i * k + j] += aqi * q[j];
            }
        }
        return (system, target);
    }

    private static float[] Ones(int n)
    {
        var ones = new float[n];
        Array.Fill(ones, 1f);
        return ones;
    }
}
