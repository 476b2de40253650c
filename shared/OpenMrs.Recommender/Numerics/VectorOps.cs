using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OpenMrs.Recommender.Numerics;

/// <summary>
/// SIMD kernels on short float vectors (latent factors). Written with <see cref="Vector{T}"/> rather than
/// TensorPrimitives because the factor length is small (tens) and call overhead dominates there.
/// </summary>
public static class VectorOps
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("vectors differ in length");
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        var width = Vector<float>.Count;
        var acc = Vector<float>.Zero;
        var i = 0;
        for (; i <= x.Length - width; i += width)
            acc += Vector.LoadUnsafe(ref xr, (nuint)i) * Vector.LoadUnsafe(ref yr, (nuint)i);
        var sum = Vector.Sum(acc);
        for (; i < x.Length; i++) sum += Unsafe.Add(ref xr, i) * Unsafe.Add(ref yr, i);
        return sum;
    }

    /// <summary>y ← y + a·x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("vectors differ in length");
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        var width = Vector<float>.Count;
        var av = new Vector<float>(a);
        var i = 0;
        for (; i <= x.Length - width; i += width)
            (Vector.LoadUnsafe(ref yr, (nuint)i) + av * Vector.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        for (; i < x.Length; i++) Unsafe.Add(ref yr, i) += a * Unsafe.Add(ref xr, i);
    }

    /// <summary>y ← a·y + x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ScaleAdd(float a, Span<float> y, ReadOnlySpan<float> x)
    {
        if (x.Length != y.Length) throw new ArgumentException("vectors differ in length");
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        var width = Vector<float>.Count;
        var av = new Vector<float>(a);
        var i = 0;
        for (; i <= x.Length - width; i += width)
            (av * Vector.LoadUnsafe(ref yr, (nuint)i) + Vector.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        for (; i < x.Length; i++) Unsafe.Add(ref yr, i) = a * Unsafe.Add(ref yr, i) + Unsafe.Add(ref xr, i);
    }

    public static float Norm(ReadOnlySpan<float> x) => MathF.Sqrt(Dot(x, x));

    /// <summary>x / ‖x‖₂ as a new array; empty when x is empty, zero or not finite.</summary>
    public static float[] Unit(ReadOnlySpan<float> x)
    {
        var norm = Norm(x);
        if (x.Length == 0 || !float.IsFinite(norm) || norm == 0) return [];
        var unit = x.ToArray();
        for (var i = 0; i < unit.Length; i++) unit[i] /= norm;
        return unit;
    }

    /// <summary>y ← M x for a row-major symmetric n×n float matrix (computed as a sum of columns: no horizontal sums).</summary>
    public static void SymmetricMultiply(ReadOnlySpan<float> matrix, ReadOnlySpan<float> x, Span<float> y)
    {
        var n = x.Length;
        if (matrix.Length != n * n || y.Length != n) throw new ArgumentException("dimension mismatch");
        y.Clear();
        for (var j = 0; j < n; j++)
        {
            var xj = x[j];
            if (xj != 0) Axpy(xj, matrix.Slice(j * n, n), y);
        }
    }
}
