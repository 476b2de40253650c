namespace OpenMrs.Recommender.Evaluation.Metrics;

/// <summary>Metrics of the recommendations as a whole rather than per user.</summary>
public static class CatalogueMetrics
{
    /// <summary>Aggregate diversity: the share of the catalogue recommended to at least one user.</summary>
    public static double Coverage(int distinctRecommended, int catalogueSize) =>
        catalogueSize == 0 ? 0 : (double)distinctRecommended / catalogueSize;

    /// <summary>
    /// Self-information of recommending an item, −log2(popularity / users), where popularity is the number of
    /// training users who have it; an item nobody has counts as held by one user (the most novel it can be).
    /// </summary>
    public static double SelfInformation(int popularity, int users) =>
        users <= 0 ? 0 : -Math.Log2((double)Math.Max(popularity, 1) / users);

    /// <summary>Novelty: mean self-information of every recommended item (each recommendation counts once).</summary>
    public static double Novelty(IEnumerable<int> recommendedItems, IReadOnlyList<int> popularity, int users)
    {
        double sum = 0;
        long count = 0;
        foreach (var item in recommendedItems)
        {
            sum += SelfInformation(popularity[item], users);
            count++;
        }
        return count == 0 ? 0 : sum / count;
    }
}
