using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OpenMrs.Recommender.Numerics;

/// <summary>
/// The hot kernels of the ALS conjugate-gradient loop, on 512-bit vectors where the CPU has them, otherwise 256-bit.
/// Dot products keep four independent accumulators so the FMA latency chain does not bound the loop.
/// </summary>
public static class WideKernels
{
    public static bool Uses512 => Vector512.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ref float x, ref float y, int n)
    {
        var i = 0;
        float sum;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (; i <= n - 64; i += 64)
            {
                a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x, (nuint)i), Vector512.LoadUnsafe(ref y, (nuint)i), a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x, (nuint)(i + 16)), Vector512.LoadUnsafe(ref y, (nuint)(i + 16)), a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x, (nuint)(i + 32)), Vector512.LoadUnsafe(ref y, (nuint)(i + 32)), a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x, (nuint)(i + 48)), Vector512.LoadUnsafe(ref y, (nuint)(i + 48)), a3);
            }
            for (; i <= n - 16; i += 16)
                a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x, (nuint)i), Vector512.LoadUnsafe(ref y, (nuint)i), a0);
            sum = Vector512.Sum((a0 + a1) + (a2 + a3));
        }
        else
        {
            Vector256<float> a0 = Vector256<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (; i <= n - 32; i += 32)
            {
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, (nuint)i), Vector256.LoadUnsafe(ref y, (nuint)i), a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, (nuint)(i + 8)), Vector256.LoadUnsafe(ref y, (nuint)(i + 8)), a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, (nuint)(i + 16)), Vector256.LoadUnsafe(ref y, (nuint)(i + 16)), a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, (nuint)(i + 24)), Vector256.LoadUnsafe(ref y, (nuint)(i + 24)), a3);
            }
            for (; i <= n - 8; i += 8)
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, (nuint)i), Vector256.LoadUnsafe(ref y, (nuint)i), a0);
            sum = Vector256.Sum((a0 + a1) + (a2 + a3));
        }
        for (; i < n; i++) sum += Unsafe.Add(ref x, i) * Unsafe.Add(ref y, i);
        return sum;
    }

    /// <summary>y ← y + a·x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(float a, ref float x, ref float y, int n)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var av = Vector512.Create(a);
            for (; i <= n - 16; i += 16)
                Vector512.FusedMultiplyAdd(av, Vector512.LoadUnsafe(ref x, (nuint)i), Vector512.LoadUnsafe(ref y, (nuint)i)).StoreUnsafe(ref y, (nuint)i);
        }
        else
        {
            var av = Vector256.Create(a);
            for (; i <= n - 8; i += 8)
                Vector256.FusedMultiplyAdd(av, Vector256.LoadUnsafe(ref x, (nuint)i), Vector256.LoadUnsafe(ref y, (nuint)i)).StoreUnsafe(ref y, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref y, i) += a * Unsafe.Add(ref x, i);
    }

    /// <summary>y ← M x for a symmetric row-major n×n M: the sum of x_j · row_j, 64 outputs held in registers at a time.</summary>
    public static void SymmetricMultiply(ref float m, ref float x, ref float y, int n)
    {
        var block = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; block <= n - 64; block += 64)
            {
                // Two interleaved sets of accumulators (even and odd j) halve the FMA dependency chains.
                Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
                var j = 0;
                for (; j + 1 < n; j += 2)
                {
                    var xj = Vector512.Create(Unsafe.Add(ref x, j));
                    var xk = Vector512.Create(Unsafe.Add(ref x, j + 1));
                    ref var row = ref Unsafe.Add(ref m, j * n + block);
                    ref var next = ref Unsafe.Add(ref m, (j + 1) * n + block);
                    a0 = Vector512.FusedMultiplyAdd(xj, Vector512.LoadUnsafe(ref row), a0);
                    a1 = Vector512.FusedMultiplyAdd(xj, Vector512.LoadUnsafe(ref row, 16), a1);
                    a2 = Vector512.FusedMultiplyAdd(xj, Vector512.LoadUnsafe(ref row, 32), a2);
                    a3 = Vector512.FusedMultiplyAdd(xj, Vector512.LoadUnsafe(ref row, 48), a3);
                    b0 = Vector512.FusedMultiplyAdd(xk, Vector512.LoadUnsafe(ref next), b0);
                    b1 = Vector512.FusedMultiplyAdd(xk, Vector512.LoadUnsafe(ref next, 16), b1);
                    b2 = Vector512.FusedMultiplyAdd(xk, Vector512.LoadUnsafe(ref next, 32), b2);
                    b3 = Vector512.FusedMultiplyAdd(xk, Vector512.LoadUnsafe(ref next, 48), b3);
                }
                if (j < n)
                {
                    var xj = Vector512.Create(Unsafe.Add(ref x, j));
                    ref var row = ref Unsafe.Add(ref m, j * n + block);
                    a0 = Vector512.FusedMultiplyAdd(xj, Vector512.LoadUnsafe(ref row), a0);
                    a1 = Vector512.FusedMultiplyAdd(xj, Vector512.LoadUnsafe(ref row, 16), a1);
                    a2 = Vector512.FusedMultiplyAdd(xj, Vector512.LoadUnsafe(ref row, 32), a2);
                    a3 = Vector512.FusedMultiplyAdd(xj, Vector512.LoadUnsafe(ref row, 48), a3);
                }
                (a0 + b0).StoreUnsafe(ref y, (nuint)block);
                (a1 + b1).StoreUnsafe(ref y, (nuint)(block + 16));
                (a2 + b2).StoreUnsafe(ref y, (nuint)(block + 32));
                (a3 + b3).StoreUnsafe(ref y, (nuint)(block + 48));
            }
        }
        for (; block <= n - 8; block += 8)
        {
            var acc = Vector256<float>.Zero;
            for (var j = 0; j < n; j++)
                acc = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref x, j)), Vector256.LoadUnsafe(ref m, (nuint)(j * n + block)), acc);
            acc.StoreUnsafe(ref y, (nuint)block);
        }
        for (; block < n; block++)
        {
            float sum = 0;
            for (var j = 0; j < n; j++) sum += Unsafe.Add(ref x, j) * Unsafe.Add(ref m, j * n + block);
            Unsafe.Add(ref y, block) = sum;
        }
    }
}
