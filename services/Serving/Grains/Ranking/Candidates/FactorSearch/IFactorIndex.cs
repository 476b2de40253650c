using OpenMrs.Recommender.Models;

namespace OpenMrs.Serving.Grains.Ranking.Candidates.FactorSearch;

/// <summary>
/// Maximum inner product search over one personal model's item factors: the items i with the largest q_i · x_u for a
/// user vector x_u. Exact (<see cref="ExactFactorIndex"/>) or approximate (<see cref="USearchFactorIndex"/>).
/// </summary>
public interface IFactorIndex
{
    /// <summary>"exact" or "usearch"; tagged on the collaborative generator's span.</summary>
    string Name { get; }

    /// <summary>The <paramref name="count"/> items with the largest q_i · x_u, best first, never one of <paramref name="excluded"/>.</summary>
    /// <param name="query">x_u, k floats (the model's factor count).</param>
    /// <param name="excluded">Item indices to leave out, sorted ascending.</param>
    /// <returns>Item indices with their exact scores q_i · x_u; fewer than <paramref name="count"/> only when the catalogue has fewer.</returns>
    ScoredItem[] Search(float[] query, int count, int[] excluded);
}
