using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Models.Factorization;

/// <summary>
/// A fold-in's assembled normal equations A x = b (A = G + Σⱼ aⱼ qⱼqⱼᵀ + ρI, b = o + Σⱼ bⱼ qⱼ; see
/// <see cref="FoldInProblem"/>) and the weights (aⱼ, bⱼ) of every history item, kept so that a history that changed in
/// a few items is re-solved with one rank-one update per changed item (O(k²) each) instead of re-assembling every
/// item (O(n k²)); each solve is one Cholesky factorisation (O(k³/3)) into a buffer kept for the next. The result
/// equals <see cref="FoldIn.Solve"/> of the new problem up to float rounding (the updates add the weight
/// differences; after <see cref="UpdatesBeforeReassembly"/> updates the system is re-assembled from scratch so
/// rounding cannot pile up). Memory: 2k² + k doubles and about 24 bytes per history item (k = 64, 600 items: 80 KB).
/// Not thread-safe: one owner (a user's grain).
/// </summary>
public sealed class FoldInSystem
{
    /// <summary>Incremental updates between two full assemblies.</summary>
    public const int UpdatesBeforeReassembly = 256;

    private FoldInProblem _fixedParts;
    private readonly Dictionary<int, (float A, float B)> _weights = [];
    private double[] _system = [];
    private double[] _target = [];
    private double[]? _factor;
    private int _updates;

    /// <summary>Assembles <paramref name="problem"/>'s system (O(n k²)).</summary>
    public FoldInSystem(FoldInProblem problem)
    {
        _fixedParts = problem;
        Assemble(problem);
    }

    /// <summary>History items with a non-zero weight.</summary>
    public int Items => _weights.Count;

    /// <summary>
    /// Moves the system to <paramref name="next"/>: a rank-one update per history item whose weights changed (or that
    /// came or went) when at most <paramref name="maxChanges"/> did and the fixed parts (item factors, base Gram matrix,
    /// ridge, offset) are the same objects; otherwise a full assembly.
    /// </summary>
    /// <returns>True when it was updated incrementally, false when it was re-assembled.</returns>
    public bool Update(FoldInProblem next, int maxChanges = 8)
    {
        if (CanUpdate(next) && Changes(next, maxChanges) is { } changes)
        {
            foreach (var (item, a, b) in changes) Set(next.Items, item, a, b);
            _updates++;
            return true;
        }
        _fixedParts = next;
        Assemble(next);
        return false;
    }

    /// <summary>
    /// Sets the weights of <paramref name="items"/> (item indices; any order, repeats allowed) to those they have in
    /// <paramref name="changed"/>, a problem over part of the history, and to zero (out of the history) for items it
    /// does not hold: one rank-one update per item whose weights moved. Only valid when each item's weights depend on
    /// that item's own interactions (<see cref="FactorModel.FoldInWeightsPerItem"/>), so that the partial problem
    /// gives them exactly as the whole history would.
    /// </summary>
    /// <returns>False (and nothing changed) when the fixed parts differ or a re-assembly is due: assemble the whole problem with <see cref="Update"/>.</returns>
    public bool UpdateItems(FoldInProblem changed, ReadOnlySpan<int> items)
    {
        if (!CanUpdate(changed)) return false;
        foreach (var item in items)
        {
            var at = Array.BinarySearch(changed.History, item);
            if (at >= 0) Set(changed.Items, item, changed.SystemWeights[at], changed.TargetWeights[at]);
            else Set(changed.Items, item, 0, 0);
        }
        _updates++;
        return true;
    }

    /// <summary>x, k floats: the solution of the current system.</summary>
    public float[] Solve()
    {
        var k = _fixedParts.Items.Factors;
        if (_factor?.Length != k * k) _factor = new double[k * k]; // a swapped model may have another k
        var x = (double[])_target.Clone();
        Cholesky.FactorInto(_system, _factor, k);
        Cholesky.SolveInPlace(_factor, k, x);
        return Array.ConvertAll(x, v => (float)v);
    }

    private void Assemble(FoldInProblem problem)
    {
        (_system, _target) = FoldIn.Assemble(problem);
        _weights.Clear();
        for (var n = 0; n < problem.History.Length; n++)
            _weights[problem.History[n]] = (problem.SystemWeights[n], problem.TargetWeights[n]);
        _updates = 0;
    }

    private bool CanUpdate(FoldInProblem next) =>
        _updates < UpdatesBeforeReassembly && ReferenceEquals(_fixedParts.Items, next.Items) && ReferenceEquals(_fixedParts.BaseGram, next.BaseGram)
        && ReferenceEquals(_fixedParts.Offset, next.Offset) && _fixedParts.Ridge == next.Ridge;

    /// <summary>Moves one item's weights to (a, b) by adding the difference as a rank-one term.</summary>
    private void Set(FactorMatrix factors, int item, float a, float b)
    {
        var (oldA, oldB) = _weights.GetValueOrDefault(item);
        if (a == oldA && b == oldB) return;
        FoldIn.AddTerm(_system, _target, factors.Row(item), a - oldA, b - oldB);
        if (a == 0 && b == 0) _weights.Remove(item);
        else _weights[item] = (a, b);
    }

    /// <summary>(item, a, b) for every item whose weights differ from the kept ones (zero for items gone); null when more than <paramref name="most"/>.</summary>
    private List<(int Item, float A, float B)>? Changes(FoldInProblem after, int most)
    {
        var changes = new List<(int, float, float)>();
        var kept = 0;
        for (var n = 0; n < after.History.Length; n++)
        {
            var item = after.History[n];
            if (_weights.TryGetValue(item, out var before))
            {
                kept++;
                if (before.A == after.SystemWeights[n] && before.B == after.TargetWeights[n]) continue;
            }
            changes.Add((item, after.SystemWeights[n], after.TargetWeights[n]));
            if (changes.Count > most) return null;
        }
        if (kept < _weights.Count)
            foreach (var item in _weights.Keys)
            {
                if (Array.BinarySearch(after.History, item) >= 0) continue;
                changes.Add((item, 0, 0));
                if (changes.Count > most) return null;
            }
        return changes;
    }
}
