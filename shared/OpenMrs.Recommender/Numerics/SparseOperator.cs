using OpenMrs.Recommender.Data;

namespace OpenMrs.Recommender.Numerics;

/// <summary>
/// A sparse matrix plus an optional rank-one term 1·μᵀ (μ per column): the zero-filled matrix, or with μ the matrix
/// whose missing entries are imputed by their column mean (stored as the sparse deviations r − μ).
/// </summary>
public sealed class SparseOperator : ILinearOperator
{
    private readonly CsrMatrix _matrix;
    private readonly CsrMatrix _transpose;
    private readonly double[]? _columnOffsets;

    public SparseOperator(CsrMatrix matrix, double[]? columnOffsets = null)
    {
        if (columnOffsets is not null && columnOffsets.Length != matrix.Columns) throw new ArgumentException("one offset per column is needed", nameof(columnOffsets));
        _matrix = matrix;
        _transpose = matrix.Transpose();
        _columnOffsets = columnOffsets;
    }

    public int Rows => _matrix.Rows;
    public int Columns => _matrix.Columns;

    public void Multiply(double[] block, int width, double[] result) => Product(_matrix, block, width, result, _columnOffsets, offsetsOnInput: true);

    public void MultiplyTransposed(double[] block, int width, double[] result) => Product(_transpose, block, width, result, _columnOffsets, offsetsOnInput: false);

    private static void Product(CsrMatrix m, double[] block, int width, double[] result, double[]? offsets, bool offsetsOnInput)
    {
        Array.Clear(result);
        Parallel.For(0, m.Rows, row =>
        {
            var indices = m.RowIndices(row);
            var values = m.RowValues(row);
            var target = result.AsSpan(row * width, width);
            for (var n = 0; n < indices.Length; n++)
            {
                var source = block.AsSpan(indices[n] * width, width);
                var v = values[n];
                for (var c = 0; c < width; c++) target[c] += v * source[c];
            }
        });
        if (offsets is null) return;
        if (offsetsOnInput)
        {
            // (1 μᵀ) B: every row gets μᵀ B.
            var projected = new double[width];
            for (var j = 0; j < offsets.Length; j++)
                for (var c = 0; c < width; c++) projected[c] += offsets[j] * block[j * width + c];
            for (var row = 0; row < m.Rows; row++)
                for (var c = 0; c < width; c++) result[row * width + c] += projected[c];
        }
        else
        {
            // (1 μᵀ)ᵀ B = μ (1ᵀ B).
            var sums = new double[width];
            for (var i = 0; i < block.Length / width; i++)
                for (var c = 0; c < width; c++) sums[c] += block[i * width + c];
            for (var row = 0; row < m.Rows; row++)
                for (var c = 0; c < width; c++) result[row * width + c] += offsets[row] * sums[c];
        }
    }
}
