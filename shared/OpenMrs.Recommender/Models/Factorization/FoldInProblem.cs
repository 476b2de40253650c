using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Models.Factorization;

/// <summary>
/// One row's ridge problem against fixed item factors Q, solved exactly:
/// (G + Σⱼ aⱼ qⱼqⱼᵀ + ρI) x = o + Σⱼ bⱼ qⱼ, j over the history.
/// Implicit ALS: G = QᵀQ, aⱼ = cⱼ − 1, bⱼ = cⱼ. Explicit MF: G = 0, aⱼ = 1, bⱼ = rⱼ.
/// </summary>
public sealed record FoldInProblem(
    FactorMatrix Items,
    int[] History,
    float[] SystemWeights,
    float[] TargetWeights,
    double Ridge,
    double[]? BaseGram = null,
    double[]? Offset = null);
