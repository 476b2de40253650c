using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Serving.Grains.Ranking.Candidates.FactorSearch;

/// <summary>
/// An int8 copy of the item factors (one scale per row, s_i = max|q_i| / 127) that bounds every item's inner product
/// with a query from both sides in a quarter of the float32 scan's memory traffic. With the query quantised the same
/// way (one scale t), the approximation is s_i·t·(c_i · d) and the rounding errors (at most s_i/2 and t/2 per
/// coordinate) give |q_i · x − s_i t (c_i · d)| ≤ s_i (‖x‖₁ + t ‖c_i‖₁) / 2; the bounds use 0.51 instead of 0.5 so they
/// also cover float rounding of the products and of the exact float32 dot product itself. The integer dot products
/// are exact (AVX2: |c|·sign(d,c) pairs, which cannot saturate with codes in [−127, 127]).
/// Layout: rows × <see cref="Stride"/> codes, the stride being k rounded up to 32 (zero padded).
/// </summary>
internal sealed class Int8FactorScreen
{
    private const float Slack = 0.51f;
    private readonly sbyte[] _codes;
    private readonly float[] _scales;
    private readonly float[] _l1;

    /// <summary>True where this machine has the AVX2 kernel; elsewhere the caller scans float32.</summary>
    public static bool Supported => Avx2.IsSupported;

    public Int8FactorScreen(FactorMatrix items)
    {
        Rows = items.Rows;
        Stride = (items.Factors + 31) / 32 * 32;
        _codes = new sbyte[(long)Rows * Stride];
        _scales = new float[Rows];
        _l1 = new float[Rows];
        for (var i = 0; i < Rows; i++)
        {
            var (scale, l1) = Quantise(items.Row(i), _codes.AsSpan(i * Stride, Stride));
            _scales[i] = scale;
            _l1[i] = scale * l1;
        }
    }

    public int Rows { get; }

    /// <summary>Codes per row: k rounded up to a multiple of 32.</summary>
    public int Stride { get; }

    /// <summary>
    /// For every row, a lower and an upper bound of q_i · x as the float32 scan computes it.
    /// </summary>
    /// <param name="query">x, k floats.</param>
    /// <param name="lower">One slot per row.</param>
    /// <param name="upper">One slot per row.</param>
    /// <returns>False when the query is all zeros (every score is 0; nothing to screen).</returns>
    public bool Bound(ReadOnlySpan<float> query, Span<float> lower, Span<float> upper)
    {
        var codes = new sbyte[Stride];
        var (t, _) = Quantise(query, codes);
        if (t == 0) return false;
        float queryL1 = 0;
        foreach (var v in query) queryL1 += MathF.Abs(v);
        // Float rounding of the sum itself is covered by the slack too (64 terms: relative 4e-6).
        var itemTerm = Vector256.Create(Slack * queryL1);
        var queryTerm = Vector256.Create(Slack * t);
        var tv = Vector256.Create(t);
        Span<int> dots = stackalloc int[8];
        var row = 0;
        for (; row + 8 <= Rows; row += 8)
        {
            Dot8(row, codes, dots);
            var s = Vector256.LoadUnsafe(ref _scales[row]);
            var approx = s * tv * Vector256.ConvertToSingle(Vector256.LoadUnsafe(ref dots[0]));
            var error = s * itemTerm + queryTerm * Vector256.LoadUnsafe(ref _l1[row]);
            (approx - error).StoreUnsafe(ref lower[row]);
            (approx + error).StoreUnsafe(ref upper[row]);
        }
        for (; row < Rows; row++)
        {
            var s = _scales[row];
            var approx = s * t * DotScalar(row, codes);
            var error = s * itemTerm[0] + queryTerm[0] * _l1[row];
            lower[row] = approx - error;
            upper[row] = approx + error;
        }
        return true;
    }

    /// <returns>The scale (max|v| / 127) and the L1 norm of the codes.</returns>
    private static (float Scale, float CodesL1) Quantise(ReadOnlySpan<float> values, Span<sbyte> codes)
    {
        float max = 0;
        foreach (var v in values) max = MathF.Max(max, MathF.Abs(v));
        codes.Clear();
        if (max == 0) return (0, 0);
        var scale = max / 127;
        float l1 = 0;
        for (var f = 0; f < values.Length; f++)
        {
            var code = (sbyte)Math.Clamp(MathF.Round(values[f] / scale), -127, 127);
            codes[f] = code;
            l1 += Math.Abs(code);
        }
        return (scale, l1);
    }

    private int DotScalar(int row, ReadOnlySpan<sbyte> query)
    {
        var codes = _codes.AsSpan(row * Stride, Stride);
        var sum = 0;
        for (var f = 0; f < Stride; f++) sum += codes[f] * query[f];
        return sum;
    }

    /// <summary>The integer dot products of rows <paramref name="row"/>..+7 with the query codes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Dot8(int row, ReadOnlySpan<sbyte> query, Span<int> dots)
    {
        ref var codes = ref _codes[row * Stride];
        ref var q = ref Unsafe.AsRef(in query[0]);
        var ones = Vector256.Create((short)1);
        Span<Vector256<int>> sums = stackalloc Vector256<int>[8];
        for (var r = 0; r < 8; r++)
        {
            var acc = Vector256<int>.Zero;
            for (var f = 0; f < Stride; f += 32)
            {
                var c = Vector256.LoadUnsafe(ref codes, (nuint)(r * Stride + f));
                var d = Vector256.LoadUnsafe(ref q, (nuint)f);
                var products = Avx2.MultiplyAddAdjacent(Avx2.Abs(c), Avx2.Sign(d, c));
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(products, ones));
            }
            sums[r] = acc;
        }
        // Horizontal sums of eight accumulators at once: two rounds of pairwise adds, then the two 128-bit halves.
        var h01 = Avx2.HorizontalAdd(sums[0], sums[1]);
        var h23 = Avx2.HorizontalAdd(sums[2], sums[3]);
        var h45 = Avx2.HorizontalAdd(sums[4], sums[5]);
        var h67 = Avx2.HorizontalAdd(sums[6], sums[7]);
        var g0 = Avx2.HorizontalAdd(h01, h23);
        var g1 = Avx2.HorizontalAdd(h45, h67);
        var total = Avx2.Add(Avx2.Permute2x128(g0, g1, 0x20), Avx2.Permute2x128(g0, g1, 0x31));
        total.CopyTo(dots);
    }
}
