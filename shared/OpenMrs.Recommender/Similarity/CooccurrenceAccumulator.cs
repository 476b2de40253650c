using OpenMrs.Recommender.Data;

namespace OpenMrs.Recommender.Similarity;

/// <summary>
/// Sparse dot products of one row against every other row of the same matrix, through the transpose:
/// for row a, Σ_c M[a,c]·M[b,c] for all b, touching only rows that share a column with a. Reusable per thread.
/// </summary>
public sealed class CooccurrenceAccumulator(int rows)
{
    private readonly float[] _sums = new float[rows];
    private readonly int[] _touched = new int[rows];
    private readonly bool[] _seen = new bool[rows];
    private int _count;

    public ReadOnlySpan<int> Touched => _touched.AsSpan(0, _count);
    public float this[int row] => _sums[row];

    /// <summary>Accumulates Σ_c w_c·M[b,c] for a query given as sparse (columns, weights); <paramref name="transpose"/> is Mᵀ.</summary>
    public void Accumulate(ReadOnlySpan<int> columns, ReadOnlySpan<float> weights, CsrMatrix transpose)
    {
        Clear();
        for (var n = 0; n < columns.Length; n++)
        {
            var w = weights[n];
            var rowsOfColumn = transpose.RowIndices(columns[n]);
            var values = transpose.RowValues(columns[n]);
            for (var m = 0; m < rowsOfColumn.Length; m++)
            {
                var b = rowsOfColumn[m];
                if (!_seen[b])
                {
                    _seen[b] = true;
                    _touched[_count++] = b;
                }
                _sums[b] += w * values[m];
            }
        }
    }

    private void Clear()
    {
        for (var i = 0; i < _count; i++)
        {
            _sums[_touched[i]] = 0;
            _seen[_touched[i]] = false;
        }
        _count = 0;
    }
}
