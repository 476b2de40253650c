using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Serving.Grains.Ranking.Candidates.FactorSearch;

/// <summary>
/// Exact search: the same items, scores and tie order as scoring every item in float32 (q_i · x_u with SIMD dot
/// products) and keeping the best in a bounded heap (<see cref="TopK"/>). On catalogues of at least
/// <see cref="ScreenAboveItems"/> items (AVX2 machines) it gets there exact-after-rescoring: an int8 scan
/// (<see cref="Int8FactorScreen"/>) bounds the scores from both sides, longest item vectors first, and stops where
/// no item left can reach the top k by its norm; the k-th best lower bound L is a lower bound of the true k-th best
/// score, so only items whose upper bound reaches L can be in the top k, and only those (a few hundred of 100,000 on
/// WALS factors) are scored in float32. 100,000 items × 64 factors: at most 6.4 MB read per query instead of 25.6 MB.
/// The Serving README has the measured times.
/// </summary>
/// <param name="items">Item factors, items × k, float32.</param>
public sealed class ExactFactorIndex(FactorMatrix items) : IFactorIndex
{
    public const string IndexName = "exact";

    /// <summary>Catalogue size from which the int8 screen is used; below it the float32 scan is as fast.</summary>
    public const int ScreenAboveItems = 4_096;

    private readonly Lazy<Int8FactorScreen?> _screen = new(() =>
        items.Rows >= ScreenAboveItems && Int8FactorScreen.Supported ? new Int8FactorScreen(items) : null);

    public string Name => IndexName;

    public ScoredItem[] Search(float[] query, int count, int[] excluded)
    {
        if (query.Length != items.Factors) throw new ArgumentException($"query has {query.Length} factors, items have {items.Factors}", nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (_screen.Value is { } screen && items.Rows - excluded.Length > count)
            return Screened(screen, query, count, excluded, out _) ?? Scan(query, count, excluded);
        return Scan(query, count, excluded);
    }

    /// <summary>
    /// How many items the int8 screen reads for a top-<paramref name="count"/> query before the norm bound stops it
    /// (the rest are never read); every item without a screen or for an all-zero query. For benchmarks and tests.
    /// </summary>
    public int ScreenedItems(float[] query, int count) =>
        _screen.Value is { } screen && Screened(screen, query, count, [], out var scanned) is not null ? scanned : items.Rows;

    /// <summary>The float32 reference: every item scored, a bounded heap.</summary>
    public ScoredItem[] Scan(float[] query, int count, int[] excluded)
    {
        var scores = ArrayPool<float>.Shared.Rent(items.Rows);
        try
        {
            var span = scores.AsSpan(0, items.Rows);
            FactorScoring.ScoreAll(query, items, span);
            return TopK.Select(span, count, excluded);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
        }
    }

    // Rescoring's candidates, per thread and reused (Search is synchronous and the list never leaves it).
    [ThreadStatic] private static List<KeyValuePair<int, float>>? t_candidates;

    /// <summary>A thread keeps its rescoring list up to this capacity (128 KB); a huge top-k's list is let go.</summary>
    private const int KeptCandidateCapacity = 16_384;

    /// <param name="scanned">Positions the screen read before the norm bound stopped it.</param>
    /// <returns>The exact top <paramref name="count"/>, or null when the query is all zeros.</returns>
    private ScoredItem[]? Screened(Int8FactorScreen screen, float[] query, int count, int[] excluded, out int scanned)
    {
        var lower = ArrayPool<float>.Shared.Rent(screen.PaddedRows);
        var upper = ArrayPool<float>.Shared.Rent(screen.PaddedRows);
        var excludedPositions = ArrayPool<int>.Shared.Rent(excluded.Length);
        try
        {
            var skip = excludedPositions.AsSpan(0, excluded.Length);
            screen.PositionsOf(excluded, skip);
            scanned = screen.BoundTop(query, count, skip, lower, upper, out var threshold);
            if (scanned < 0) return null;
            // At least count items score ≥ their lower bound ≥ threshold, so the true k-th best score is ≥ threshold,
            // and an item whose upper bound is below it (or that lies past the scanned positions) scores strictly
            // less than every item of the top k.
            var rowAt = screen.RowAt;
            var candidates = t_candidates ??= new List<KeyValuePair<int, float>>();
            candidates.Clear();
            var bar = Vector256.Create(threshold);
            for (var block = 0; block < scanned; block += 8)
            {
                if (!Vector256.GreaterThanOrEqualAny(Vector256.LoadUnsafe(ref upper[block]), bar)) continue;
                for (var p = block; p < Math.Min(block + 8, scanned); p++)
                    if (upper[p] >= threshold && skip.BinarySearch(p) < 0)
                        candidates.Add(KeyValuePair.Create(rowAt[p], VectorOps.Dot(query, items.Row(rowAt[p]))));
            }
            var top = TopK.SelectCandidates(candidates, count);
            if (candidates.Capacity > KeptCandidateCapacity) t_candidates = null;
            return top;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(lower);
            ArrayPool<float>.Shared.Return(upper);
            ArrayPool<int>.Shared.Return(excludedPositions);
        }
    }
}
