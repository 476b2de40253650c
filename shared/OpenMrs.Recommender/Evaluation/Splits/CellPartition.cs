using OpenMrs.Recommender.Data;

namespace OpenMrs.Recommender.Evaluation.Splits;

/// <summary>Splits a matrix's stored cells into two matrices of the same shape, choosing per row which go to test.</summary>
internal static class CellPartition
{
    /// <param name="chooseTest">Given a row, marks the positions within the row (0-based) that go to test.</param>
    public static (CsrMatrix Train, CsrMatrix Test) Split(CsrMatrix matrix, Action<int, bool[]> chooseTest)
    {
        var trainPointers = new int[matrix.Rows + 1];
        var testPointers = new int[matrix.Rows + 1];
        var trainIndices = new List<int>(matrix.NonZeros);
        var trainValues = new List<float>(matrix.NonZeros);
        var testIndices = new List<int>();
        var testValues = new List<float>();
        for (var row = 0; row < matrix.Rows; row++)
        {
            var indices = matrix.RowIndices(row);
            var values = matrix.RowValues(row);
            var toTest = new bool[indices.Length];
            chooseTest(row, toTest);
            for (var p = 0; p < indices.Length; p++)
            {
                (toTest[p] ? testIndices : trainIndices).Add(indices[p]);
                (toTest[p] ? testValues : trainValues).Add(values[p]);
            }
            trainPointers[row + 1] = trainIndices.Count;
            testPointers[row + 1] = testIndices.Count;
        }
        return (new CsrMatrix(matrix.Rows, matrix.Columns, trainPointers, [.. trainIndices], [.. trainValues]),
            new CsrMatrix(matrix.Rows, matrix.Columns, testPointers, [.. testIndices], [.. testValues]));
    }

    /// <summary>Marks <paramref name="count"/> positions of <paramref name="marks"/>, chosen uniformly (partial Fisher–Yates).</summary>
    public static void MarkRandom(bool[] marks, int count, Random random)
    {
        var positions = Enumerable.Range(0, marks.Length).ToArray();
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, positions.Length);
            (positions[i], positions[j]) = (positions[j], positions[i]);
            marks[positions[i]] = true;
        }
    }
}
