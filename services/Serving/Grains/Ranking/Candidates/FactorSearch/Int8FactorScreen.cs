using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Serving.Grains.Ranking.Candidates.FactorSearch;

/// <summary>
/// An int8 copy of the item factors (one scale per row, s_i = max|q_i| / 127) that bounds every item's inner product
/// with a query from both sides in a quarter of the float32 scan's memory traffic. With the query quantised to seven
/// bits (one scale t = max|x| / 63, codes d in [−63, 63]), the approximation is s_i·t·(c_i · d) and the rounding errors
/// (at most s_i/2 and t/2 per coordinate) give |q_i · x − s_i t (c_i · d)| ≤ s_i (‖x‖₁ + t ‖c_i‖₁) / 2; the bounds use
/// 0.51 instead of 0.5 so they also cover float rounding of the products and of the exact float32 dot product itself.
/// <para>
/// Layout: blocks of 8 rows; within a block, each 32-byte vector holds four consecutive factors of all 8 rows
/// ([block][factor / 4][row % 8][factor % 4]), so a block's dot products need no horizontal sums. The AVX2 kernel
/// adds 64 to the query codes to make them unsigned (1..127), multiplies byte pairs (<c>vpmaddubsw</c>: at most
/// 2 · 127 · 127, no saturation), sums pairs into int32 (<c>vpmaddwd</c>) and subtracts 64 · Σ c_i per row: exact
/// integers, three instructions per four factors of eight rows. (A 512-bit version of the same kernel measured 15–20 %
/// slower on the AMD EPYC benchmark machine, which splits 512-bit operations in two, so there is none.)
/// </para>
/// </summary>
internal sealed class Int8FactorScreen
{
    private const float Slack = 0.51f;
    private const int BlockRows = 8;
    private const int QueryCodeMax = 63;
    private const int QueryCodeOffset = 64;
    private readonly sbyte[] _codes;
    private readonly float[] _scales;
    private readonly float[] _l1;
    private readonly int[] _offsets;

    /// <summary>True where this machine has the AVX2 kernel; elsewhere the caller scans float32.</summary>
    public static bool Supported => Avx2.IsSupported;

    public Int8FactorScreen(FactorMatrix items)
    {
        Rows = items.Rows;
        Stride = (items.Factors + 31) / 32 * 32;
        var paddedRows = (Rows + BlockRows - 1) / BlockRows * BlockRows;
        _codes = new sbyte[(long)paddedRows * Stride];
        _scales = new float[paddedRows];
        _l1 = new float[paddedRows];
        _offsets = new int[paddedRows];
        var row = new sbyte[Stride];
        for (var i = 0; i < Rows; i++)
        {
            var (scale, l1) = Quantise(items.Row(i), row, 127);
            _scales[i] = scale;
            _l1[i] = scale * l1;
            var sum = 0;
            for (var f = 0; f < Stride; f++)
            {
                _codes[BlockedIndex(i, f)] = row[f];
                sum += row[f];
            }
            _offsets[i] = QueryCodeOffset * sum;
        }
    }

    public int Rows { get; }

    /// <summary>Codes per row: k rounded up to a multiple of 32.</summary>
    public int Stride { get; }

    private long BlockedIndex(int row, int factor) =>
        (long)(row / BlockRows) * BlockRows * Stride + factor / 4 * (BlockRows * 4) + row % BlockRows * 4 + factor % 4;

    /// <summary>
    /// For every row, a lower and an upper bound of q_i · x as the float32 scan computes it.
    /// </summary>
    /// <param name="query">x, k floats.</param>
    /// <param name="lower">One slot per row.</param>
    /// <param name="upper">One slot per row.</param>
    /// <returns>False when the query is all zeros (every score is 0; nothing to screen).</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Bound(ReadOnlySpan<float> query, Span<float> lower, Span<float> upper)
    {
        var codes = new sbyte[Stride];
        var (t, _) = Quantise(query, codes, QueryCodeMax);
        if (t == 0) return false;
        float queryL1 = 0;
        foreach (var v in query) queryL1 += MathF.Abs(v);
        // Float rounding of the sum itself is covered by the slack too (64 terms: relative 4e-6).
        var terms = new Terms(t, Slack * queryL1, Slack * t);
        // Four query codes (+64, unsigned) per int32, broadcast to every row of a block.
        var groups = Stride / 4;
        var unsigned = new byte[Stride];
        for (var f = 0; f < Stride; f++) unsigned[f] = (byte)(codes[f] + QueryCodeOffset);
        var packed = MemoryMarshal.Cast<byte, int>(unsigned).ToArray();
        Span<float> lastLower = stackalloc float[BlockRows];
        Span<float> lastUpper = stackalloc float[BlockRows];
        for (var row = 0; row < Rows; row += BlockRows)
        {
            var whole = row + BlockRows <= Rows;
            var blockLower = whole ? lower.Slice(row, BlockRows) : lastLower;
            var blockUpper = whole ? upper.Slice(row, BlockRows) : lastUpper;
            BoundBlock(row, packed, terms, blockLower, blockUpper);
            if (whole) continue;
            lastLower[..(Rows - row)].CopyTo(lower[row..]);
            lastUpper[..(Rows - row)].CopyTo(upper[row..]);
        }
        return true;
    }

    private readonly record struct Terms(float T, float ItemTerm, float QueryTerm);

    /// <summary>The bounds of the 8 rows from <paramref name="row"/> (a block's first).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void BoundBlock(int row, int[] packed, Terms terms, Span<float> lower, Span<float> upper)
    {
        ref var block = ref _codes[(long)row * Stride];
        var ones = Vector256.Create((short)1);
        var acc = Vector256<int>.Zero;
        for (var g = 0; g < packed.Length; g++)
        {
            var products = Avx2.MultiplyAddAdjacent(Vector256.Create(packed[g]).AsByte(), Vector256.LoadUnsafe(ref block, (nuint)(g * 32)));
            acc += Avx2.MultiplyAddAdjacent(products, ones);
        }
        var dots = acc - Vector256.LoadUnsafe(ref _offsets[row]);
        var s = Vector256.LoadUnsafe(ref _scales[row]);
        var approx = s * Vector256.Create(terms.T) * Vector256.ConvertToSingle(dots);
        var error = s * Vector256.Create(terms.ItemTerm) + Vector256.Create(terms.QueryTerm) * Vector256.LoadUnsafe(ref _l1[row]);
        (approx - error).StoreUnsafe(ref MemoryMarshal.GetReference(lower));
        (approx + error).StoreUnsafe(ref MemoryMarshal.GetReference(upper));
    }

    /// <returns>The scale (max|v| / <paramref name="codeMax"/>) and the L1 norm of the codes.</returns>
    private static (float Scale, float CodesL1) Quantise(ReadOnlySpan<float> values, Span<sbyte> codes, int codeMax)
    {
        float max = 0;
        foreach (var v in values) max = MathF.Max(max, MathF.Abs(v));
        codes.Clear();
        if (max == 0) return (0, 0);
        var scale = max / codeMax;
        float l1 = 0;
        for (var f = 0; f < values.Length; f++)
        {
            var code = (sbyte)Math.Clamp(MathF.Round(values[f] / scale), -codeMax, codeMax);
            codes[f] = code;
            l1 += Math.Abs(code);
        }
        return (scale, l1);
    }
}
