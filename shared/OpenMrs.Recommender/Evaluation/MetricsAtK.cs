namespace OpenMrs.Recommender.Evaluation;

/// <summary>
/// Every metric at one cut-off, averaged over the evaluated users (users without held-out items count as 0).
/// <see cref="Precision"/> is the benchmark's: Σ hits / Σ min(k, |test_u|) over users; <see cref="PrecisionOverK"/>
/// is the textbook mean of hits / k.
/// </summary>
public sealed record MetricsAtK(
    int K,
    double Precision,
    double PrecisionOverK,
    double Recall,
    double Map,
    double Ndcg,
    double Mrr,
    double HitRate,
    double RocAuc,
    double PrAuc,
    double Coverage,
    double Novelty)
{
    /// <summary>Metric names in report order, as used in tables, JSON and HTML.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["precision", "precision_over_k", "recall", "map", "ndcg", "mrr", "hitrate", "auc", "pr_auc", "coverage", "novelty"];

    public IReadOnlyList<double> Values => [Precision, PrecisionOverK, Recall, Map, Ndcg, Mrr, HitRate, RocAuc, PrAuc, Coverage, Novelty];

    public double this[string name]
    {
        get
        {
            for (var i = 0; i < Names.Count; i++) if (Names[i] == name) return Values[i];
            throw new KeyNotFoundException($"unknown metric '{name}'; known: {string.Join(", ", Names)}");
        }
    }
}

/// <summary>The outcome of one evaluation: metrics per cut-off, how many users were scored, and how long it took.</summary>
public sealed record EvaluationResult(int Users, double Seconds, IReadOnlyList<MetricsAtK> AtK)
{
    public MetricsAtK At(int k) => AtK.FirstOrDefault(m => m.K == k) ?? throw new KeyNotFoundException($"k={k} was not evaluated");
}
