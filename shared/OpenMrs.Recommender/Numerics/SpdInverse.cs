using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OpenMrs.Recommender.Numerics;

/// <summary>
/// In-place inverse of a dense symmetric positive definite float32 matrix through its Cholesky factor:
/// A = L Lᵀ (blocked), U = L⁻ᵀ (upper triangular), A⁻¹ = U Uᵀ. Each step is n³/6 multiply-adds, n³/2 in all, spent in
/// one cache-blocked kernel (<see cref="SubtractProducts"/>: 4×4 tiles of dot products over row panels of 512 columns).
/// Blocks of 64 rows run in parallel. Memory: the matrix itself plus one n × n float32 work matrix (8·n² bytes at the peak).
/// </summary>
public static class SpdInverse
{
    internal const int BlockRows = 64;
    internal const int PanelColumns = 512;

    /// <summary>
    /// Replaces the row-major n × n <paramref name="matrix"/> (only its lower triangle is read) with its inverse (full, symmetric).
    /// Throws <see cref="ArgumentException"/> when the matrix is not positive definite.
    /// </summary>
    public static void InvertInPlace(float[] matrix, int n, int threads = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if ((long)n * n != matrix.Length) throw new ArgumentException($"expected {n}×{n} values, got {matrix.Length}", nameof(matrix));
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount, CancellationToken = cancellationToken,
        };
        var diagonal = Factor(matrix, n, parallel);
        var inverseFactor = new float[matrix.Length];
        InvertFactor(matrix, diagonal, inverseFactor, n, parallel);
        MultiplyByTranspose(inverseFactor, matrix, n, parallel);
    }

    /// <summary>Blocked Cholesky: the lower triangle becomes L, the strict upper triangle 0. Returns L's diagonal.</summary>
    private static float[] Factor(float[] a, int n, ParallelOptions parallel)
    {
        for (var k0 = 0; k0 < n; k0 += BlockRows)
        {
            parallel.CancellationToken.ThrowIfCancellationRequested();
            var k1 = Math.Min(n, k0 + BlockRows);
            if (k0 > 0)
                Parallel.For(0, Blocks(n - k0), parallel, b =>
                {
                    var r0 = k0 + b * BlockRows;
                    SubtractProducts(a, r0, k0, a, r0, a, k0, Math.Min(BlockRows, n - r0), k1 - k0, 0, k0, n, upperX: false);
                });
            for (var i = k0; i < k1; i++) SolveRowInBlock(a, n, i, k0, Math.Min(i, k1 - 1), factorDiagonal: true);
            Parallel.For(k1, n, parallel, i => SolveRowInBlock(a, n, i, k0, k1 - 1, factorDiagonal: false));
        }
        var diagonal = new float[n];
        Parallel.For(0, n, parallel, i =>
        {
            diagonal[i] = a[(long)i * n + i];
            Array.Clear(a, i * n + i + 1, n - i - 1);
        });
        return diagonal;
    }

    /// <summary>L[i, j] for j in [k0, last]: (A[i, j] − Σ_{p∈[k0, j)} L[i, p] L[j, p]) / L[j, j], and the square root on the diagonal.</summary>
    private static void SolveRowInBlock(float[] a, int n, int i, int k0, int last, bool factorDiagonal)
    {
        for (var j = k0; j <= last; j++)
        {
            var s = a[i * n + j] - WideKernels.Dot(ref a[i * n + k0], ref a[j * n + k0], j - k0);
            if (factorDiagonal && j == i)
            {
                if (!(s > 0)) throw new ArgumentException($"matrix is not positive definite (pivot {i} is {s})");
                a[i * n + i] = MathF.Sqrt(s);
            }
            else
            {
                a[i * n + j] = s / a[j * n + j];
            }
        }
    }

    /// <summary>U = L⁻ᵀ into <paramref name="u"/> (zeros on entry): U[j, i] = (δᵢⱼ − Σ_{k&lt;i} L[i, k] U[j, k]) / L[i, i], by column blocks of U.</summary>
    private static void InvertFactor(float[] l, float[] diagonal, float[] u, int n, ParallelOptions parallel)
    {
        for (var i0 = 0; i0 < n; i0 += BlockRows)
        {
            parallel.CancellationToken.ThrowIfCancellationRequested();
            var i1 = Math.Min(n, i0 + BlockRows);
            Parallel.For(0, Blocks(i1), parallel, b =>
            {
                var j0 = b * BlockRows;
                var j1 = Math.Min(i1, j0 + BlockRows);
                if (i0 > 0) SubtractProducts(u, j0, i0, u, j0, l, i0, j1 - j0, i1 - i0, 0, i0, n, upperX: true);
                for (var j = j0; j < j1; j++)
                {
                    for (var i = Math.Max(i0, j); i < i1; i++)
                    {
                        var from = Math.Max(i0, j);
                        var s = (i == j ? 1f : 0f) + u[j * n + i] - WideKernels.Dot(ref l[i * n + from], ref u[j * n + from], i - from);
                        u[j * n + i] = s / diagonal[i];
                    }
                }
            });
        }
    }

    /// <summary>P = U Uᵀ into <paramref name="p"/> (overwritten), by pairs of row blocks below the diagonal, then mirrored.</summary>
    private static void MultiplyByTranspose(float[] u, float[] p, int n, ParallelOptions parallel)
    {
        var blocks = Blocks(n);
        Parallel.For(0, blocks * (blocks + 1) / 2, parallel, pair =>
        {
            var bi = (int)((Math.Sqrt(8.0 * pair + 1) - 1) / 2);
            while (bi * (bi + 1) / 2 > pair) bi--;
            while ((bi + 1) * (bi + 2) / 2 <= pair) bi++;
            var bj = pair - bi * (bi + 1) / 2;
            int i0 = bi * BlockRows, j0 = bj * BlockRows;
            int rows = Math.Min(BlockRows, n - i0), columns = Math.Min(BlockRows, n - j0);
            for (var r = 0; r < rows; r++) Array.Clear(p, (i0 + r) * n + j0, columns);
            SubtractProducts(p, i0, j0, u, i0, u, j0, rows, columns, i0, n, n, upperX: true);
            for (var r = 0; r < rows; r++)
                for (var c = 0; c < columns; c++) p[(i0 + r) * n + j0 + c] = -p[(i0 + r) * n + j0 + c];
        });
        Parallel.For(0, n, parallel, i =>
        {
            for (var j = i + 1; j < n; j++) p[i * n + j] = p[j * n + i];
        });
    }

    private static int Blocks(int count) => (count + BlockRows - 1) / BlockRows;

    /// <summary>
    /// C[ci + a, cj + b] −= Σ_{k∈[k0, k1)} X[xi + a, k] · Y[yj + b, k] for a &lt; rows, b &lt; columns; all row-major with
    /// row stride n. With <paramref name="upperX"/>, X is upper triangular (X[x, k] = 0 for k &lt; x) and those terms are skipped.
    /// The k range is cut into panels of <see cref="PanelColumns"/> so that both row panels stay in L2 across the 4×4 tiles.
    /// </summary>
    internal static void SubtractProducts(
        float[] c, int ci, int cj, float[] x, int xi, float[] y, int yj, int rows, int columns, int k0, int k1, int n, bool upperX)
    {
        Span<float> tile = stackalloc float[16];
        for (var kp = k0; kp < k1; kp += PanelColumns)
        {
            var ke = Math.Min(k1, kp + PanelColumns);
            for (var a = 0; a < rows; a += 4)
            {
                var start = upperX ? Math.Max(kp, xi + a) : kp;
                if (start >= ke) continue;
                var ra = Math.Min(4, rows - a);
                for (var b = 0; b < columns; b += 4)
                {
                    var rb = Math.Min(4, columns - b);
                    // Short edge tiles repeat their last row; the extra sums are computed and dropped.
                    DotTile(
                        ref x[Row(xi + a, 0, ra, n) + start], ref x[Row(xi + a, 1, ra, n) + start],
                        ref x[Row(xi + a, 2, ra, n) + start], ref x[Row(xi + a, 3, ra, n) + start],
                        ref y[Row(yj + b, 0, rb, n) + start], ref y[Row(yj + b, 1, rb, n) + start],
                        ref y[Row(yj + b, 2, rb, n) + start], ref y[Row(yj + b, 3, rb, n) + start],
                        ke - start, tile);
                    for (var p = 0; p < ra; p++)
                        for (var q = 0; q < rb; q++) c[(ci + a + p) * n + cj + b + q] -= tile[p * 4 + q];
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Row(int first, int offset, int valid, int n) => (first + Math.Min(offset, valid - 1)) * n;

    /// <summary>The 16 dot products of four x rows with four y rows over <paramref name="length"/> values; sums[4p + q] = x_p · y_q.</summary>
    private static void DotTile(
        ref float x0, ref float x1, ref float x2, ref float x3, ref float y0, ref float y1, ref float y2, ref float y3, int length, Span<float> sums)
    {
        var k = 0;
        if (Vector512.IsHardwareAccelerated && length >= 16)
        {
            Vector512<float> s00 = default, s01 = default, s02 = default, s03 = default, s10 = default, s11 = default, s12 = default, s13 = default;
            Vector512<float> s20 = default, s21 = default, s22 = default, s23 = default, s30 = default, s31 = default, s32 = default, s33 = default;
            for (; k <= length - 16; k += 16)
            {
                var i = (nuint)k;
                Vector512<float> b0 = Vector512.LoadUnsafe(ref y0, i), b1 = Vector512.LoadUnsafe(ref y1, i), b2 = Vector512.LoadUnsafe(ref y2, i), b3 = Vector512.LoadUnsafe(ref y3, i);
                var a = Vector512.LoadUnsafe(ref x0, i);
                s00 = Vector512.FusedMultiplyAdd(a, b0, s00); s01 = Vector512.FusedMultiplyAdd(a, b1, s01);
                s02 = Vector512.FusedMultiplyAdd(a, b2, s02); s03 = Vector512.FusedMultiplyAdd(a, b3, s03);
                a = Vector512.LoadUnsafe(ref x1, i);
                s10 = Vector512.FusedMultiplyAdd(a, b0, s10); s11 = Vector512.FusedMultiplyAdd(a, b1, s11);
                s12 = Vector512.FusedMultiplyAdd(a, b2, s12); s13 = Vector512.FusedMultiplyAdd(a, b3, s13);
                a = Vector512.LoadUnsafe(ref x2, i);
                s20 = Vector512.FusedMultiplyAdd(a, b0, s20); s21 = Vector512.FusedMultiplyAdd(a, b1, s21);
                s22 = Vector512.FusedMultiplyAdd(a, b2, s22); s23 = Vector512.FusedMultiplyAdd(a, b3, s23);
                a = Vector512.LoadUnsafe(ref x3, i);
                s30 = Vector512.FusedMultiplyAdd(a, b0, s30); s31 = Vector512.FusedMultiplyAdd(a, b1, s31);
                s32 = Vector512.FusedMultiplyAdd(a, b2, s32); s33 = Vector512.FusedMultiplyAdd(a, b3, s33);
            }
            sums[0] = Vector512.Sum(s00); sums[1] = Vector512.Sum(s01); sums[2] = Vector512.Sum(s02); sums[3] = Vector512.Sum(s03);
            sums[4] = Vector512.Sum(s10); sums[5] = Vector512.Sum(s11); sums[6] = Vector512.Sum(s12); sums[7] = Vector512.Sum(s13);
            sums[8] = Vector512.Sum(s20); sums[9] = Vector512.Sum(s21); sums[10] = Vector512.Sum(s22); sums[11] = Vector512.Sum(s23);
            sums[12] = Vector512.Sum(s30); sums[13] = Vector512.Sum(s31); sums[14] = Vector512.Sum(s32); sums[15] = Vector512.Sum(s33);
        }
        else if (Vector256.IsHardwareAccelerated && length >= 8)
        {
            Vector256<float> s00 = default, s01 = default, s02 = default, s03 = default, s10 = default, s11 = default, s12 = default, s13 = default;
            Vector256<float> s20 = default, s21 = default, s22 = default, s23 = default, s30 = default, s31 = default, s32 = default, s33 = default;
            for (; k <= length - 8; k += 8)
            {
                var i = (nuint)k;
                Vector256<float> b0 = Vector256.LoadUnsafe(ref y0, i), b1 = Vector256.LoadUnsafe(ref y1, i), b2 = Vector256.LoadUnsafe(ref y2, i), b3 = Vector256.LoadUnsafe(ref y3, i);
                var a = Vector256.LoadUnsafe(ref x0, i);
                s00 = Vector256.FusedMultiplyAdd(a, b0, s00); s01 = Vector256.FusedMultiplyAdd(a, b1, s01);
                s02 = Vector256.FusedMultiplyAdd(a, b2, s02); s03 = Vector256.FusedMultiplyAdd(a, b3, s03);
                a = Vector256.LoadUnsafe(ref x1, i);
                s10 = Vector256.FusedMultiplyAdd(a, b0, s10); s11 = Vector256.FusedMultiplyAdd(a, b1, s11);
                s12 = Vector256.FusedMultiplyAdd(a, b2, s12); s13 = Vector256.FusedMultiplyAdd(a, b3, s13);
                a = Vector256.LoadUnsafe(ref x2, i);
                s20 = Vector256.FusedMultiplyAdd(a, b0, s20); s21 = Vector256.FusedMultiplyAdd(a, b1, s21);
                s22 = Vector256.FusedMultiplyAdd(a, b2, s22); s23 = Vector256.FusedMultiplyAdd(a, b3, s23);
                a = Vector256.LoadUnsafe(ref x3, i);
                s30 = Vector256.FusedMultiplyAdd(a, b0, s30); s31 = Vector256.FusedMultiplyAdd(a, b1, s31);
                s32 = Vector256.FusedMultiplyAdd(a, b2, s32); s33 = Vector256.FusedMultiplyAdd(a, b3, s33);
            }
            sums[0] = Vector256.Sum(s00); sums[1] = Vector256.Sum(s01); sums[2] = Vector256.Sum(s02); sums[3] = Vector256.Sum(s03);
            sums[4] = Vector256.Sum(s10); sums[5] = Vector256.Sum(s11); sums[6] = Vector256.Sum(s12); sums[7] = Vector256.Sum(s13);
            sums[8] = Vector256.Sum(s20); sums[9] = Vector256.Sum(s21); sums[10] = Vector256.Sum(s22); sums[11] = Vector256.Sum(s23);
            sums[12] = Vector256.Sum(s30); sums[13] = Vector256.Sum(s31); sums[14] = Vector256.Sum(s32); sums[15] = Vector256.Sum(s33);
        }
        else
        {
            sums.Clear();
        }
        for (; k < length; k++)
        {
            float a0 = Unsafe.Add(ref x0, k), a1 = Unsafe.Add(ref x1, k), a2 = Unsafe.Add(ref x2, k), a3 = Unsafe.Add(ref x3, k);
            float b0 = Unsafe.Add(ref y0, k), b1 = Unsafe.Add(ref y1, k), b2 = Unsafe.Add(ref y2, k), b3 = Unsafe.Add(ref y3, k);
            sums[0] += a0 * b0; sums[1] += a0 * b1; sums[2] += a0 * b2; sums[3] += a0 * b3;
            sums[4] += a1 * b0; sums[5] += a1 * b1; sums[6] += a1 * b2; sums[7] += a1 * b3;
            sums[8] += a2 * b0; sums[9] += a2 * b1; sums[10] += a2 * b2; sums[11] += a2 * b3;
            sums[12] += a3 * b0; sums[13] += a3 * b1; sums[14] += a3 * b2; sums[15] += a3 * b3;
        }
    }
}
