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
/// <para>
/// Rows are stored in descending order of ‖q_i‖ (position p holds row <see cref="RowAt"/>[p]), so a search can stop
/// early (<see cref="BoundTop"/>): q_i · x ≤ ‖q_i‖ ‖x‖ (Cauchy–Schwarz), and once the largest norm left times ‖x‖ is below
/// the k-th best lower bound seen, no row left can reach the top k. WALS gives popular tracks the long vectors; on
/// the 100,000-track benchmark model only a fifth of the rows could reach a top 100 by their norm (Bayardo-style
/// norm pruning, as in LEMP: Teflioudi, Gemulla &amp; Mykytiuk 2015).
/// </para>
/// </summary>
internal sealed class Int8FactorScreen
{
    private const float Slack = 0.51f;
    private const int BlockRows = 8;
    private const int QueryCodeMax = 63;
    private const int QueryCodeOffset = 64;

    /// <summary>The largest top-k whose bound heap lives on the stack (4 KB); larger ones are allocated.</summary>
    private const int StackHeapLimit = 1_024;
    private readonly sbyte[] _codes;
    private readonly float[] _scales;
    private readonly float[] _l1;
    private readonly int[] _offsets;
    private readonly int[] _rowAt;
    private readonly int[] _positionOf;
    private readonly float[] _blockNorm;

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
        var norms = items.RowNorms();
        _rowAt = [.. Enumerable.Range(0, Rows).OrderByDescending(i => norms[i]).ThenBy(i => i)];
        _positionOf = new int[Rows];
        _blockNorm = new float[paddedRows / BlockRows];
        var row = new sbyte[Stride];
        for (var p = 0; p < Rows; p++)
        {
            var i = _rowAt[p];
            _positionOf[i] = p;
            if (p % BlockRows == 0) _blockNorm[p / BlockRows] = norms[i];
            var (scale, l1) = Quantise(items.Row(i), row, 127);
            _scales[p] = scale;
            _l1[p] = scale * l1;
            var sum = 0;
            for (var f = 0; f < Stride; f++)
            {
                _codes[BlockedIndex(p, f)] = row[f];
                sum += row[f];
            }
            _offsets[p] = QueryCodeOffset * sum;
        }
    }

    public int Rows { get; }

    /// <summary>The row stored at each position: rows by descending norm, ties by row index.</summary>
    public ReadOnlySpan<int> RowAt => _rowAt;

    /// <summary>The positions of <paramref name="rows"/>, ascending, into <paramref name="positions"/> (at least as long).</summary>
    public void PositionsOf(ReadOnlySpan<int> rows, Span<int> positions)
    {
        for (var i = 0; i < rows.Length; i++) positions[i] = _positionOf[rows[i]];
        positions[..rows.Length].Sort();
    }

    /// <summary>Codes per row: k rounded up to a multiple of 32.</summary>
    public int Stride { get; }

    private long BlockedIndex(int row, int factor) =>
        (long)(row / BlockRows) * BlockRows * Stride + factor / 4 * (BlockRows * 4) + row % BlockRows * 4 + factor % 4;

    /// <summary>
    /// Lower and upper bounds of q_i · x (as the float32 scan computes it) for the rows in position order, block by
    /// block, until no row left can reach the top <paramref name="count"/>: the k-th best lower bound of the rows
    /// bounded so far (excluded positions and padding left out) is the returned threshold, a lower bound of the true
    /// k-th best score, and a block stops the scan when its largest norm times ‖x‖ (with a float slack) is below it.
    /// </summary>
    /// <param name="query">x, k floats.</param>
    /// <param name="excludedPositions">Positions that may not be answers, ascending (see <see cref="PositionsOf"/>).</param>
    /// <param name="lower">One slot per position (padded to whole blocks: <see cref="PaddedRows"/>).</param>
    /// <param name="upper">One slot per position, as <paramref name="lower"/>.</param>
    /// <param name="threshold">The k-th best lower bound (−∞ when fewer than k rows were bounded).</param>
    /// <returns>Positions bounded (0 … Rows): rows at later positions score below <paramref name="threshold"/>; −1 when
    /// the query is all zeros (every score is 0; nothing to screen).</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int BoundTop(ReadOnlySpan<float> query, int count, ReadOnlySpan<int> excludedPositions, Span<float> lower, Span<float> upper, out float threshold)
    {
        threshold = float.NegativeInfinity;
        Span<sbyte> codes = stackalloc sbyte[Stride];
        var (t, _) = Quantise(query, codes, QueryCodeMax);
        if (t == 0) return -1;
        float queryL1 = 0, queryNormSquared = 0;
        foreach (var v in query)
        {
            queryL1 += MathF.Abs(v);
            queryNormSquared += v * v;
        }
        // Float rounding of the sum itself is covered by the slack too (64 terms: relative 4e-6).
        var terms = new Terms(t, Slack * queryL1, Slack * t);
        // ‖q_i‖ ‖x‖ bounds the exact dot product; 1e-4 covers float rounding of the norms and of the float32 dot (< 1e-5).
        var normBound = MathF.Sqrt(queryNormSquared) * 1.0001f;
        // Four query codes (+64, unsigned) per int32, broadcast to every row of a block.
        Span<byte> unsigned = stackalloc byte[Stride];
        for (var f = 0; f < Stride; f++) unsigned[f] = (byte)(codes[f] + QueryCodeOffset);
        ReadOnlySpan<int> packed = MemoryMarshal.Cast<byte, int>(unsigned);
        var heap = count <= StackHeapLimit ? stackalloc float[count] : new float[count];
        heap.Fill(float.NegativeInfinity);
        var nextExcluded = 0;
        for (var position = 0; position < Rows; position += BlockRows)
        {
            if (_blockNorm[position / BlockRows] * normBound < heap[0]) return Scanned(position, out threshold, heap);
            var blockLower = lower.Slice(position, BlockRows);
            BoundBlock(position, packed, terms, blockLower, upper.Slice(position, BlockRows));
            if (!Vector256.GreaterThanAny(Vector256.Create<float>(blockLower), Vector256.Create(heap[0]))) continue;
            for (var i = 0; i < BlockRows; i++)
            {
                var at = position + i;
                while (nextExcluded < excludedPositions.Length && excludedPositions[nextExcluded] < at) nextExcluded++;
                var excluded = at >= Rows || nextExcluded < excludedPositions.Length && excludedPositions[nextExcluded] == at;
                if (excluded || blockLower[i] <= heap[0]) continue;
                heap[0] = blockLower[i];
                SiftDown(heap);
            }
        }
        return Scanned(Rows, out threshold, heap);
    }

    /// <summary>Padded rows: <see cref="BoundTop"/>'s spans need this many slots.</summary>
    public int PaddedRows => _blockNorm.Length * BlockRows;

    private static int Scanned(int positions, out float threshold, Span<float> heap)
    {
        threshold = heap[0];
        return positions;
    }

    /// <summary>Restores the min-heap after its root was replaced.</summary>
    private static void SiftDown(Span<float> heap)
    {
        var i = 0;
        while (true)
        {
            int left = 2 * i + 1, right = left + 1, least = i;
            if (left < heap.Length && heap[left] < heap[least]) least = left;
            if (right < heap.Length && heap[right] < heap[least]) least = right;
            if (least == i) return;
            (heap[i], heap[least]) = (heap[least], heap[i]);
            i = least;
        }
    }

    private readonly record struct Terms(float T, float ItemTerm, float QueryTerm);

    /// <summary>The bounds of the 8 rows from <paramref name="row"/> (a block's first).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void BoundBlock(int row, ReadOnlySpan<int> packed, Terms terms, Span<float> lower, Span<float> upper)
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
