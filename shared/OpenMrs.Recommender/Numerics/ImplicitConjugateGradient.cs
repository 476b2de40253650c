using System.Runtime.InteropServices;

namespace OpenMrs.Recommender.Numerics;

/// <summary>
/// Conjugate-gradient solve of one weighted least-squares row (Hu–Koren–Volinsky, as implicit's least_squares_cg):
/// (G + Σᵢ (cᵢ − 1) yᵢ yᵢᵀ) x = Σᵢ cᵢ yᵢ, where G = YᵀY + λI is shared by all rows and i runs over the row's
/// non-zeros only. The k×k system is never formed: each step costs k² + 4k·nnz. Warm-starts from the x given.
/// </summary>
public static class ImplicitConjugateGradient
{
    private const float Tolerance = 1e-20f;

    /// <summary>Scratch floats one call needs for a row of <paramref name="nonZeros"/> entries (reuse it: the loop does not allocate).</summary>
    public static int ScratchLength(int factors, int nonZeros) => 3 * factors + nonZeros;

    public static void SolveRow(
        ReadOnlySpan<float> gram,
        FactorMatrix other,
        ReadOnlySpan<int> indices,
        ReadOnlySpan<float> confidences,
        Span<float> x,
        int steps,
        Span<float> scratch)
    {
        var k = other.Factors;
        var n = indices.Length;
        if (gram.Length != k * k || x.Length != k || scratch.Length < ScratchLength(k, n) || confidences.Length != n)
            throw new ArgumentException("dimension mismatch");
        ref var g = ref MemoryMarshal.GetReference(gram);
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var r = ref MemoryMarshal.GetReference(scratch);
        ref var p = ref MemoryMarshal.GetReference(scratch[k..]);
        ref var ap = ref MemoryMarshal.GetReference(scratch[(2 * k)..]);
        var extra = scratch.Slice(3 * k, n);
        for (var i = 0; i < n; i++) extra[i] = 1 - confidences[i];

        // r = b − A x = Σ (cᵢ − (cᵢ−1) yᵢ·x) yᵢ − G x
        WideKernels.SymmetricMultiply(ref g, ref xr, ref r, k);
        WideKernels.Axpy(-2f, ref r, ref r, k); // r ← −r
        WeightedRowSum.Accumulate(other, indices, confidences, extra, ref xr, ref r);
        for (var i = 0; i < n; i++) extra[i] = -extra[i];

        scratch[..k].CopyTo(scratch.Slice(k, k));
        var rsOld = WideKernels.Dot(ref r, ref r, k);
        if (rsOld < Tolerance) return;

        for (var step = 0; step < steps; step++)
        {
            // Ap = G p + Σ (cᵢ−1)(yᵢ·p) yᵢ
            WideKernels.SymmetricMultiply(ref g, ref p, ref ap, k);
            WeightedRowSum.Accumulate(other, indices, default, extra, ref p, ref ap);
            var alpha = rsOld / WideKernels.Dot(ref p, ref ap, k);
            WideKernels.Axpy(alpha, ref p, ref xr, k);
            WideKernels.Axpy(-alpha, ref ap, ref r, k);
            var rsNew = WideKernels.Dot(ref r, ref r, k);
            if (rsNew < Tolerance) return;
            VectorOps.ScaleAdd(rsNew / rsOld, scratch.Slice(k, k), scratch[..k]);
            rsOld = rsNew;
        }
    }
}
