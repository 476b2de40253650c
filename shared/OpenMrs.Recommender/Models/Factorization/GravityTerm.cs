using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Models.Factorization;

/// <summary>
/// The gravity regulariser Σ_ij (U_i·V_j)² / (NM) over all N×M pairs, observed or not, computed in O((N+M)k²) as
/// sum((UᵀU) ⊙ (VᵀV)) / (NM). It pulls unobserved predictions toward 0.
/// </summary>
public static class GravityTerm
{
    public static double Compute(FactorMatrix users, FactorMatrix items) => Compute(users.Gram(), items.Gram(), users.Rows, items.Rows);

    public static double Compute(double[] userGram, double[] itemGram, int users, int items)
    {
        double sum = 0;
        for (var i = 0; i < userGram.Length; i++) sum += userGram[i] * itemGram[i];
        return sum / ((double)users * items);
    }
}
