using System.Numerics;
using System.Runtime.CompilerServices;
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

    /// <summary>Scratch floats one call needs (reuse them across rows: the loop does not allocate).</summary>
    public static int ScratchLength(int factors) => 3 * factors;

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
        if (gram.Length != k * k || x.Length != k || scratch.Length < 3 * k) throw new ArgumentException("dimension mismatch");
        var r = scratch[..k];
        var p = scratch.Slice(k, k);
        var ap = scratch.Slice(2 * k, k);
        var data = other.Data.AsSpan();

        // r = b − A x
        VectorOps.SymmetricMultiply(gram, x, r);
        Negate(r);
        for (var n = 0; n < indices.Length; n++)
        {
            var c = confidences[n];
            var yi = data.Slice(indices[n] * k, k);
            VectorOps.Axpy(c - (c - 1) * VectorOps.Dot(yi, x), yi, r);
        }

        r.CopyTo(p);
        var rsOld = VectorOps.Dot(r, r);
        if (rsOld < Tolerance) return;

        for (var step = 0; step < steps; step++)
        {
            VectorOps.SymmetricMultiply(gram, p, ap);
            for (var n = 0; n < indices.Length; n++)
            {
                var yi = data.Slice(indices[n] * k, k);
                VectorOps.Axpy((confidences[n] - 1) * VectorOps.Dot(yi, p), yi, ap);
            }
            var alpha = rsOld / VectorOps.Dot(p, ap);
            VectorOps.Axpy(alpha, p, x);
            VectorOps.Axpy(-alpha, ap, r);
            var rsNew = VectorOps.Dot(r, r);
            if (rsNew < Tolerance) return;
            VectorOps.ScaleAdd(rsNew / rsOld, p, r);
            rsOld = rsNew;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Negate(Span<float> v)
    {
        ref var vr = ref MemoryMarshal.GetReference(v);
        var width = Vector<float>.Count;
        var i = 0;
        for (; i <= v.Length - width; i += width) (-Vector.LoadUnsafe(ref vr, (nuint)i)).StoreUnsafe(ref vr, (nuint)i);
        for (; i < v.Length; i++) Unsafe.Add(ref vr, i) = -Unsafe.Add(ref vr, i);
    }
}
