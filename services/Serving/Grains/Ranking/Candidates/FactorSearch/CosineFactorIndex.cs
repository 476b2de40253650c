using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Serving.Grains.Ranking.Candidates.FactorSearch;

/// <summary>
/// Exact top-k of cos(q_i, q_j) = q_i · q_j / (‖q_i‖ ‖q_j‖) over item factor rows: an <see cref="ExactFactorIndex"/>
/// (the int8 screen with exact rescoring) over a unit-length copy of the rows, so a similar-tracks request reads a
/// quarter of what a float32 cosine scan reads. Rows of zero length never answer. Memory: the copy, items × k floats,
/// plus the screen's items × k bytes, built on the first search.
/// </summary>
public sealed class CosineFactorIndex
{
    private readonly FactorMatrix _unit;
    private readonly int[] _zeroRows;
    private readonly ExactFactorIndex _index;

    /// <param name="items">Item factors, items × k, float32.</param>
    public CosineFactorIndex(FactorMatrix items)
    {
        _unit = new FactorMatrix(items.Rows, items.Factors);
        var norms = items.RowNorms();
        for (var i = 0; i < items.Rows; i++)
        {
            if (!(norms[i] > 0)) continue;
            var row = items.Row(i);
            var unit = _unit.Row(i);
            for (var f = 0; f < row.Length; f++) unit[f] = row[f] / norms[i];
        }
        _zeroRows = [.. Enumerable.Range(0, items.Rows).Where(i => !(norms[i] > 0))];
        _index = new ExactFactorIndex(_unit);
    }

    public int Rows => _unit.Rows;

    /// <summary>
    /// The <paramref name="count"/> rows most similar to <paramref name="item"/> by cosine, best first (ties by row),
    /// never the item itself or a zero-length row; empty when the item's own row has zero length.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="item"/> is not a row, or <paramref name="count"/> is not positive.</exception>
    public ScoredItem[] Nearest(int item, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(item);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(item, Rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (Array.BinarySearch(_zeroRows, item) >= 0) return [];
        int[] excluded = [.. _zeroRows.Append(item).Order()];
        var available = Rows - excluded.Length;
        return available <= 0 ? [] : _index.Search(_unit.Row(item).ToArray(), Math.Min(count, available), excluded);
    }
}
