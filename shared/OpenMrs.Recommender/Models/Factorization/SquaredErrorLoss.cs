using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Models.Factorization;

/// <summary>One observed entry's loss ½(r − p·q)² + ½λ(‖p‖² + ‖q‖²) and its gradients (what SGD steps against).</summary>
public static class SquaredErrorLoss
{
    public static double Value(float rating, ReadOnlySpan<float> p, ReadOnlySpan<float> q, float lambda)
    {
        var e = rating - VectorOps.Dot(p, q);
        return 0.5 * e * e + 0.5 * lambda * (VectorOps.Dot(p, p) + VectorOps.Dot(q, q));
    }

    /// <summary>Writes ∂/∂p = −e q + λp and ∂/∂q = −e p + λq; returns the error e = r − p·q.</summary>
    public static float Gradient(float rating, ReadOnlySpan<float> p, ReadOnlySpan<float> q, float lambda, Span<float> gradP, Span<float> gradQ)
    {
        var e = rating - VectorOps.Dot(p, q);
        for (var f = 0; f < p.Length; f++)
        {
            gradP[f] = -e * q[f] + lambda * p[f];
            gradQ[f] = -e * p[f] + lambda * q[f];
        }
        return e;
    }
}
