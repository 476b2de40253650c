using System.Numerics;
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

    public static float[] Solve(FoldInProblem problem) => new FoldInSystem(problem).Solve();

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

    /// <summary>The system matrix (lower triangle filled) and right-hand side of <paramref name="problem"/>.</summary>
    internal static (double[] System, double[] Target) Assemble(FoldInProblem problem)
    {
        var k = problem.Items.Factors;
        var system = problem.BaseGram is { } g ? (double[])g.Clone() : new double[k * k];
        if (system.Length != k * k) throw new ArgumentException("base Gram matrix has the wrong size");
        var target = problem.Offset is { } o ? (double[])o.Clone() : new double[k];
        for (var f = 0; f < k; f++) system[f * k + f] += problem.Ridge;
        for (var n = 0; n < problem.History.Length; n++)
            AddTerm(system, target, problem.Items.Row(problem.History[n]), problem.SystemWeights[n], problem.TargetWeights[n]);
        return (system, target);
    }

    /// <summary>Adds a·q qᵀ to the system and b·q to the target: one history item's terms (or, with weight changes, their update).</summary>
    /// <remarks>
    /// Only the lower triangle of the system (j ≤ i) receives the rank-one term: <see cref="Cholesky"/>
    /// reads nothing else. Each entry gets the same float products and double sums as a scalar loop, a SIMD vector at a time.
    /// </remarks>
    internal static void AddTerm(Span<double> system, Span<double> target, ReadOnlySpan<float> q, float a, float b)
    {
        var k = q.Length;
        var width = Vector<float>.Count;
        for (var i = 0; i < k; i++)
        {
            target[i] += b * q[i];
            if (a == 0) continue;
            var aqi = a * q[i];
            var scaled = new Vector<float>(aqi);
            var line = system.Slice(i * k, i + 1);
            var j = 0;
            for (; j <= i + 1 - width; j += width)
            {
                // The float products aqi·q_j, widened and added in double, as the scalar tail does.
                Vector.Widen(scaled * new Vector<float>(q[j..]), out var low, out var high);
                (new Vector<double>(line[j..]) + low).CopyTo(line[j..]);
                (new Vector<double>(line[(j + width / 2)..]) + high).CopyTo(line[(j + width / 2)..]);
            }
            for (; j <= i; j++) line[j] += aqi * q[j];
        }
    }

    private static float[] Ones(int n)
    {
        var ones = new float[n];
        Array.Fill(ones, 1f);
        return ones;
    }
}
