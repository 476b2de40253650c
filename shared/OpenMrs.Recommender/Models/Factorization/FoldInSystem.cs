using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Models.Factorization;

/// <summary>
/// A fold-in's assembled normal equations A x = b (A = G + Σⱼ aⱼ qⱼqⱼᵀ + ρI, b = o + Σⱼ bⱼ qⱼ; see
/// <see cref="FoldInProblem"/>), kept so that a history that changed in a few items is re-solved with one rank-one
/// update per changed item (O(k²) each) instead of re-assembling every item (O(n k²)); each solve is one Cholesky
/// factorisation (O(k³/3)). The result equals <see cref="FoldIn.Solve"/> of the new problem up to float rounding
/// (the updates add the weight differences; after <see cref="UpdatesBeforeReassembly"/> updates the system is
/// re-assembled from scratch so rounding cannot pile up). Memory: k² + k doubles (k = 64: 33 KB).
/// Not thread-safe: one owner (a user's grain).
/// </summary>
public sealed class FoldInSystem
{
    /// <summary>Incremental updates between two full assemblies.</summary>
    public const int UpdatesBeforeReassembly = 256;

    private FoldInProblem _problem;
    private double[] _system;
    private double[] _target;
    private int _updates;

    /// <summary>Assembles <paramref name="problem"/>'s system (O(n k²)).</summary>
    public FoldInSystem(FoldInProblem problem)
    {
        _problem = problem;
        (_system, _target) = FoldIn.Assemble(problem);
    }

    /// <summary>
    /// Moves the system to <paramref name="next"/>: a rank-one update per history item whose weights changed (or that
    /// came or went) when at most <paramref name="maxChanges"/> did and the fixed parts (item factors, base Gram matrix,
    /// ridge, offset) are the same objects; otherwise a full assembly.
    /// </summary>
    /// <returns>True when it was updated incrementally, false when it was re-assembled.</returns>
    public bool Update(FoldInProblem next, int maxChanges = 8)
    {
        var previous = _problem;
        _problem = next;
        if (_updates < UpdatesBeforeReassembly && SameFixedParts(previous, next) && Changes(previous, next, maxChanges) is { } changes)
        {
            foreach (var (item, da, db) in changes) FoldIn.AddTerm(_system, _target, next.Items.Row(item), da, db);
            _updates++;
            return true;
        }
        (_system, _target) = FoldIn.Assemble(next);
        _updates = 0;
        return false;
    }

    /// <summary>x, k floats: the solution of the current system.</summary>
    public float[] Solve()
    {
        var x = (double[])_target.Clone();
        new Cholesky(_system, _problem.Items.Factors).SolveInPlace(x);
        return Array.ConvertAll(x, v => (float)v);
    }

    private static bool SameFixedParts(FoldInProblem a, FoldInProblem b) =>
        ReferenceEquals(a.Items, b.Items) && ReferenceEquals(a.BaseGram, b.BaseGram) && ReferenceEquals(a.Offset, b.Offset) && a.Ridge == b.Ridge;

    /// <summary>(item, Δa, Δb) for every item whose weights differ, by a merge of the two sorted histories; null when more than <paramref name="most"/>.</summary>
    private static List<(int Item, float DeltaA, float DeltaB)>? Changes(FoldInProblem before, FoldInProblem after, int most)
    {
        var changes = new List<(int, float, float)>();
        int i = 0, j = 0;
        while (i < before.History.Length || j < after.History.Length)
        {
            var left = i < before.History.Length ? before.History[i] : int.MaxValue;
            var right = j < after.History.Length ? after.History[j] : int.MaxValue;
            if (left == right)
            {
                if (before.SystemWeights[i] != after.SystemWeights[j] || before.TargetWeights[i] != after.TargetWeights[j])
                    changes.Add((left, after.SystemWeights[j] - before.SystemWeights[i], after.TargetWeights[j] - before.TargetWeights[i]));
                i++;
                j++;
            }
            else if (left < right) changes.Add((before.History[i], -before.SystemWeights[i], -before.TargetWeights[i++]));
            else changes.Add((after.History[j], after.SystemWeights[j], after.TargetWeights[j++]));
            if (changes.Count > most) return null;
        }
        return changes;
    }
}
