namespace OpenMrs.Recommender.Data;

/// <summary>
/// An immutable compressed-sparse-row float32 matrix. Column indices within a row are sorted ascending and unique.
/// The transpose of a CSR matrix is its CSC form, so one type serves both orientations.
/// </summary>
public sealed class CsrMatrix
{
    public CsrMatrix(int rows, int columns, int[] rowPointers, int[] columnIndices, float[] values)
    {
        if (rowPointers.Length != rows + 1) throw new ArgumentException("rowPointers must have rows + 1 entries", nameof(rowPointers));
        if (columnIndices.Length != values.Length) throw new ArgumentException("columnIndices and values differ in length");
        if (rowPointers[rows] != values.Length) throw new ArgumentException("rowPointers[rows] must equal the number of non-zeros");
        Rows = rows;
        Columns = columns;
        RowPointers = rowPointers;
        ColumnIndices = columnIndices;
        Values = values;
    }

    public int Rows { get; }
    public int Columns { get; }
    public int[] RowPointers { get; }
    public int[] ColumnIndices { get; }
    public float[] Values { get; }
    public int NonZeros => Values.Length;

    public ReadOnlySpan<int> RowIndices(int row) => ColumnIndices.AsSpan(RowPointers[row], RowPointers[row + 1] - RowPointers[row]);

    public ReadOnlySpan<float> RowValues(int row) => Values.AsSpan(RowPointers[row], RowPointers[row + 1] - RowPointers[row]);

    public int RowLength(int row) => RowPointers[row + 1] - RowPointers[row];

    public SparseRow Row(int row) => new(RowIndices(row).ToArray(), RowValues(row).ToArray());

    /// <summary>The value at (row, column), or 0 when it is not stored. Binary search within the row.</summary>
    public float Get(int row, int column)
    {
        var at = RowIndices(row).BinarySearch(column);
        return at >= 0 ? Values[RowPointers[row] + at] : 0f;
    }

    /// <summary>Builds a matrix from (row, column, value) triplets; duplicates are summed.</summary>
    public static CsrMatrix FromTriplets(int rows, int columns, IEnumerable<(int Row, int Column, float Value)> triplets)
    {
        var builder = new CsrBuilder(rows, columns);
        foreach (var (r, c, v) in triplets) builder.Add(r, c, v);
        return builder.Build();
    }

    public CsrMatrix Transpose()
    {
        var counts = new int[Columns + 1];
        foreach (var c in ColumnIndices) counts[c + 1]++;
        for (var i = 0; i < Columns; i++) counts[i + 1] += counts[i];
        var pointers = (int[])counts.Clone();
        var next = (int[])counts.Clone();
        var indices = new int[NonZeros];
        var values = new float[NonZeros];
        for (var r = 0; r < Rows; r++)
        {
            for (var p = RowPointers[r]; p < RowPointers[r + 1]; p++)
            {
                var dest = next[ColumnIndices[p]]++;
                indices[dest] = r;
                values[dest] = Values[p];
            }
        }
        return new CsrMatrix(Columns, Rows, pointers, indices, values);
    }

    /// <summary>A copy with every value passed through <paramref name="transform"/> (the sparsity pattern is kept).</summary>
    public CsrMatrix Map(Func<float, float> transform)
    {
        var values = new float[NonZeros];
        for (var i = 0; i < values.Length; i++) values[i] = transform(Values[i]);
        return new CsrMatrix(Rows, Columns, RowPointers, ColumnIndices, values);
    }
}

/// <summary>A sparse vector: sorted unique indices with their values (a user's history, an item's listeners).</summary>
public sealed record SparseRow(int[] Indices, float[] Values)
{
    public static SparseRow Empty { get; } = new([], []);
    public int Count => Indices.Length;

    /// <summary>Builds a row from unsorted (index, value) pairs, summing duplicates.</summary>
    public static SparseRow FromPairs(IEnumerable<(int Index, float Value)> pairs)
    {
        var sums = new SortedDictionary<int, float>();
        foreach (var (i, v) in pairs) sums[i] = sums.GetValueOrDefault(i) + v;
        return new SparseRow([.. sums.Keys], [.. sums.Values]);
    }
}
