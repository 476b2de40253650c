namespace OpenMrs.Recommender.Data;

/// <summary>Accumulates triplets in any order and builds a <see cref="CsrMatrix"/>; duplicate cells are summed.</summary>
public sealed class CsrBuilder(int rows, int columns)
{
    private readonly List<int> _rows = [];
    private readonly List<int> _columns = [];
    private readonly List<float> _values = [];

    public int Count => _values.Count;

    public void Add(int row, int column, float value)
    {
        if ((uint)row >= (uint)rows) throw new ArgumentOutOfRangeException(nameof(row));
        if ((uint)column >= (uint)columns) throw new ArgumentOutOfRangeException(nameof(column));
        _rows.Add(row);
        _columns.Add(column);
        _values.Add(value);
    }

    public CsrMatrix Build()
    {
        var n = _values.Count;
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        var rowArray = _rows.ToArray();
        var colArray = _columns.ToArray();
        Array.Sort(order, (a, b) => rowArray[a] != rowArray[b] ? rowArray[a].CompareTo(rowArray[b]) : colArray[a].CompareTo(colArray[b]));

        var pointers = new int[rows + 1];
        var indices = new List<int>(n);
        var values = new List<float>(n);
        int lastRow = -1, lastCol = -1;
        foreach (var i in order)
        {
            if (rowArray[i] == lastRow && colArray[i] == lastCol)
            {
                values[^1] += _values[i];
                continue;
            }
            lastRow = rowArray[i];
            lastCol = colArray[i];
            pointers[lastRow + 1]++;
            indices.Add(lastCol);
            values.Add(_values[i]);
        }
        for (var r = 0; r < rows; r++) pointers[r + 1] += pointers[r];
        return new CsrMatrix(rows, columns, pointers, [.. indices], [.. values]);
    }
}
