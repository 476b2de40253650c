using System.Collections.Concurrent;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Models.Als;

/// <summary>
/// The Hu–Koren–Volinsky objective, normalised as implicit's <c>calculate_loss</c>:
/// [Σ_u Σ_i c_ui (p_ui − x_u·y_i)² + λ(Σ‖x_u‖² + Σ‖y_i‖²)] / Σ c_ui, where unstored cells have c = 1 and p = 0.
/// Never touches all cells: Σ over all cells of (x_u·y_i)² = Σ_u x_uᵀ (YᵀY) x_u, then each stored cell (p = 1) adds
/// c(1 − s)² − s² for s = x_u·y_i. Cost: k² per user plus k per stored cell.
/// </summary>
public static class AlsLoss
{
    /// <param name="userConfidence">Users × items confidences c_ui of the stored cells (preference 1).</param>
    public static double Compute(CsrMatrix userConfidence, FactorMatrix users, FactorMatrix items, double regularization, int threads = 0)
    {
        if (users.Rows != userConfidence.Rows || items.Rows != userConfidence.Columns || users.Factors != items.Factors)
            throw new ArgumentException("factor matrices do not match the confidence matrix");
        var k = items.Factors;
        threads = threads > 0 ? threads : Environment.ProcessorCount;
        var gramDouble = GramMatrix.Compute(items, threads);
        var gram = GramMatrix.ToFloat(gramDouble);
        double itemNorm = 0;
        for (var f = 0; f < k; f++) itemNorm += gramDouble[f * k + f];

        double loss = 0, storedConfidence = 0, userNorm = 0;
        var gate = new object();
        if (users.Rows > 0)
        {
            var chunk = Math.Clamp(users.Rows / (threads * 16), 64, 4096);
            Parallel.ForEach(
                Partitioner.Create(0, users.Rows, chunk),
                new ParallelOptions { MaxDegreeOfParallelism = threads },
                () => new float[k],
                (range, _, gx) =>
                {
                    double partLoss = 0, partConfidence = 0, partNorm = 0;
                    for (var u = range.Item1; u < range.Item2; u++)
                    {
                        var x = users.Row(u);
                        VectorOps.SymmetricMultiply(gram, x, gx);
                        partLoss += VectorOps.Dot(gx, x);
                        partNorm += VectorOps.Dot(x, x);
                        var indices = userConfidence.RowIndices(u);
                        var confidences = userConfidence.RowValues(u);
                        for (var n = 0; n < indices.Length; n++)
                        {
                            double s = VectorOps.Dot(items.Row(indices[n]), x);
                            double c = confidences[n];
                            partLoss += c * (1 - s) * (1 - s) - s * s;
                            partConfidence += c;
                        }
                    }
                    lock (gate)
                    {
                        loss += partLoss;
                        storedConfidence += partConfidence;
                        userNorm += partNorm;
                    }
                    return gx;
                },
                _ => { });
        }

        var total = storedConfidence + ((double)users.Rows * items.Rows - userConfidence.NonZeros);
        loss += regularization * (userNorm + itemNorm);
        return total > 0 ? loss / total : 0;
    }
}
