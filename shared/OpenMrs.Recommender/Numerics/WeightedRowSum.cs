using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace OpenMrs.Recommender.Numerics;

/// <summary>
/// The pass over a row's non-zeros that dominates ALS: acc ← acc + Σₙ (aₙ + bₙ·(yₙ·v)) yₙ for the factor rows yₙ of
/// the other side. For 64 factors on AVX-512 v and acc stay in registers for the whole pass, two rows are in flight at
/// once so their dot-product reductions overlap, and rows two ahead are prefetched (they are scattered in memory).
/// </summary>
public static unsafe class WeightedRowSum
{
    public static void Accumulate(FactorMatrix other, ReadOnlySpan<int> indices, ReadOnlySpan<float> a, ReadOnlySpan<float> b, ref float v, ref float acc)
    {
        var k = other.Factors;
        if (k == 64 && Vector512.IsHardwareAccelerated && Sse.IsSupported)
        {
            Accumulate64(other.Data, indices, a, b, ref v, ref acc);
            return;
        }
        ref var y = ref other.Data[0];
        for (var n = 0; n < indices.Length; n++)
        {
            ref var yn = ref Unsafe.Add(ref y, indices[n] * k);
            var weight = a.IsEmpty ? 0f : a[n];
            WideKernels.Axpy(weight + b[n] * WideKernels.Dot(ref yn, ref v, k), ref yn, ref acc, k);
        }
    }

    private static void Accumulate64(float[] data, ReadOnlySpan<int> indices, ReadOnlySpan<float> a, ReadOnlySpan<float> b, ref float v, ref float acc)
    {
        fixed (float* y = data)
        {
            var v0 = Vector512.LoadUnsafe(ref v);
            var v1 = Vector512.LoadUnsafe(ref v, 16);
            var v2 = Vector512.LoadUnsafe(ref v, 32);
            var v3 = Vector512.LoadUnsafe(ref v, 48);
            var s0 = Vector512.LoadUnsafe(ref acc);
            var s1 = Vector512.LoadUnsafe(ref acc, 16);
            var s2 = Vector512.LoadUnsafe(ref acc, 32);
            var s3 = Vector512.LoadUnsafe(ref acc, 48);
            var hasA = !a.IsEmpty;
            var n = 0;
            for (; n + 1 < indices.Length; n += 2)
            {
                if (n + 3 < indices.Length)
                {
                    Prefetch(y + (long)indices[n + 2] * 64);
                    Prefetch(y + (long)indices[n + 3] * 64);
                }
                var p = y + (long)indices[n] * 64;
                var q = y + (long)indices[n + 1] * 64;
                var p0 = Vector512.Load(p); var p1 = Vector512.Load(p + 16); var p2 = Vector512.Load(p + 32); var p3 = Vector512.Load(p + 48);
                var q0 = Vector512.Load(q); var q1 = Vector512.Load(q + 16); var q2 = Vector512.Load(q + 32); var q3 = Vector512.Load(q + 48);
                var dp = Vector512.Sum(Vector512.FusedMultiplyAdd(p0, v0, p1 * v1) + Vector512.FusedMultiplyAdd(p2, v2, p3 * v3));
                var dq = Vector512.Sum(Vector512.FusedMultiplyAdd(q0, v0, q1 * v1) + Vector512.FusedMultiplyAdd(q2, v2, q3 * v3));
                var wp = Vector512.Create((hasA ? a[n] : 0f) + b[n] * dp);
                var wq = Vector512.Create((hasA ? a[n + 1] : 0f) + b[n + 1] * dq);
                s0 = Vector512.FusedMultiplyAdd(wq, q0, Vector512.FusedMultiplyAdd(wp, p0, s0));
                s1 = Vector512.FusedMultiplyAdd(wq, q1, Vector512.FusedMultiplyAdd(wp, p1, s1));
                s2 = Vector512.FusedMultiplyAdd(wq, q2, Vector512.FusedMultiplyAdd(wp, p2, s2));
                s3 = Vector512.FusedMultiplyAdd(wq, q3, Vector512.FusedMultiplyAdd(wp, p3, s3));
            }
            if (n < indices.Length)
            {
                var p = y + (long)indices[n] * 64;
                var p0 = Vector512.Load(p); var p1 = Vector512.Load(p + 16); var p2 = Vector512.Load(p + 32); var p3 = Vector512.Load(p + 48);
                var dp = Vector512.Sum(Vector512.FusedMultiplyAdd(p0, v0, p1 * v1) + Vector512.FusedMultiplyAdd(p2, v2, p3 * v3));
                var wp = Vector512.Create((hasA ? a[n] : 0f) + b[n] * dp);
                s0 = Vector512.FusedMultiplyAdd(wp, p0, s0);
                s1 = Vector512.FusedMultiplyAdd(wp, p1, s1);
                s2 = Vector512.FusedMultiplyAdd(wp, p2, s2);
                s3 = Vector512.FusedMultiplyAdd(wp, p3, s3);
            }
            s0.StoreUnsafe(ref acc);
            s1.StoreUnsafe(ref acc, 16);
            s2.StoreUnsafe(ref acc, 32);
            s3.StoreUnsafe(ref acc, 48);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch(float* row)
    {
        Sse.Prefetch0(row);
        Sse.Prefetch0(row + 16);
        Sse.Prefetch0(row + 32);
        Sse.Prefetch0(row + 48);
    }
}
