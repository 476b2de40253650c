using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using OpenMrs.Recommender.Data;

namespace OpenMrs.Recommender.Numerics;

/// <summary>Xᵀ X for a factor matrix: float partial sums over blocks of rows (four rows per pass over the k×k result), added up in double.</summary>
public static class GramMatrix
{
    private const int BlockRows = 4096;

    public static double[] Compute(FactorMatrix x, int degreeOfParallelism = 1)
    {
        var k = x.Factors;
        var total = new double[k * k];
        var gate = new object();
        Parallel.For(0, (x.Rows + BlockRows - 1) / BlockRows, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, degreeOfParallelism) },
            () => new float[k * k],
            (block, _, partial) =>
            {
                Array.Clear(partial);
                AddRows(x, block * BlockRows, Math.Min(x.Rows, (block + 1) * BlockRows), partial);
                lock (gate)
                {
                    for (var i = 0; i < partial.Length; i++) total[i] += partial[i];
                }
                return partial;
            },
            _ => { });
        return total;
    }

    private static void AddRows(FactorMatrix x, int from, int to, float[] gram)
    {
        var k = x.Factors;
        var data = x.Data;
        var r = from;
        for (; r + 3 < to; r += 4)
        {
            ref var y0 = ref data[r * k];
            ref var y1 = ref data[(r + 1) * k];
            ref var y2 = ref data[(r + 2) * k];
            ref var y3 = ref data[(r + 3) * k];
            for (var i = 0; i < k; i++)
                AddFour(ref gram[i * k], Unsafe.Add(ref y0, i), ref y0, Unsafe.Add(ref y1, i), ref y1, Unsafe.Add(ref y2, i), ref y2, Unsafe.Add(ref y3, i), ref y3, k);
        }
        for (; r < to; r++)
        {
            ref var y = ref data[r * k];
            for (var i = 0; i < k; i++) WideKernels.Axpy(Unsafe.Add(ref y, i), ref y, ref gram[i * k], k);
        }
    }

    /// <summary>target += a0·x0 + a1·x1 + a2·x2 + a3·x3 (one load and store of target for four rank-one updates).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddFour(ref float target, float a0, ref float x0, float a1, ref float x1, float a2, ref float x2, float a3, ref float x3, int n)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> b0 = Vector512.Create(a0), b1 = Vector512.Create(a1), b2 = Vector512.Create(a2), b3 = Vector512.Create(a3);
            for (; i <= n - 16; i += 16)
            {
                var t = Vector512.LoadUnsafe(ref target, (nuint)i);
                t = Vector512.FusedMultiplyAdd(b0, Vector512.LoadUnsafe(ref x0, (nuint)i), t);
                t = Vector512.FusedMultiplyAdd(b1, Vector512.LoadUnsafe(ref x1, (nuint)i), t);
                t = Vector512.FusedMultiplyAdd(b2, Vector512.LoadUnsafe(ref x2, (nuint)i), t);
                t = Vector512.FusedMultiplyAdd(b3, Vector512.LoadUnsafe(ref x3, (nuint)i), t);
                t.StoreUnsafe(ref target, (nuint)i);
            }
        }
        for (; i < n; i++)
            Unsafe.Add(ref target, i) += a0 * Unsafe.Add(ref x0, i) + a1 * Unsafe.Add(ref x1, i) + a2 * Unsafe.Add(ref x2, i) + a3 * Unsafe.Add(ref x3, i);
    }

    /// <summary>
    /// XᵀX of a sparse rows × columns matrix as a dense row-major columns × columns float32 matrix (e.g. item-item
    /// co-occurrence of a user × item matrix), in parallel over output rows: Σ over rows of |row|² work.
    /// </summary>
    public static float[] FromSparse(CsrMatrix x, int degreeOfParallelism = 1)
    {
        var n = x.Columns;
        var columns = x.Transpose();
        var gram = new float[(long)n * n];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, degreeOfParallelism) }, i =>
        {
            var target = gram.AsSpan(i * n, n);
            var rows = columns.RowIndices(i);
            var values = columns.RowValues(i);
            for (var m = 0; m < rows.Length; m++)
            {
                var xi = values[m];
                var indices = x.RowIndices(rows[m]);
                var rowValues = x.RowValues(rows[m]);
                for (var p = 0; p < indices.Length; p++) target[indices[p]] += xi * rowValues[p];
            }
        });
        return gram;
    }

    public static float[] ToFloat(double[] matrix) => Array.ConvertAll(matrix, v => (float)v);
}
