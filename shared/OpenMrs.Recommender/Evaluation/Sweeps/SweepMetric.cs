using System.Globalization;

namespace OpenMrs.Recommender.Evaluation.Sweeps;

/// <summary>
/// The metric a sweep maximises, as <c>name@k</c> (e.g. <c>ndcg@10</c>); the name is one of <see cref="MetricsAtK.Names"/>,
/// all of which are better when higher.
/// </summary>
public sealed record SweepMetric
{
    public SweepMetric(string name, int k)
    {
        if (!MetricsAtK.Names.Contains(name))
            throw new ArgumentException($"unknown metric '{name}'; known: {string.Join(", ", MetricsAtK.Names)}", nameof(name));
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "the cut-off k must be at least 1");
        Name = name;
        K = k;
    }

    /// <summary>NDCG@10, the default.</summary>
    public static SweepMetric Default { get; } = new("ndcg", 10);

    public string Name { get; }
    public int K { get; }

    /// <summary>Parses <c>name@k</c>; throws <see cref="FormatException"/> with a one-line message when it is not one.</summary>
    public static SweepMetric Parse(string text)
    {
        var at = text.IndexOf('@');
        var name = at < 0 ? "" : text[..at].Trim().ToLowerInvariant();
        if (at <= 0 || !int.TryParse(text[(at + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var k) || k < 1)
            throw new FormatException($"a sweep metric reads name@k with k ≥ 1 (e.g. ndcg@10), got '{text}'");
        if (!MetricsAtK.Names.Contains(name))
            throw new FormatException($"unknown metric '{name}' in '{text}'; known: {string.Join(", ", MetricsAtK.Names)}");
        return new SweepMetric(name, k);
    }

    public double Of(MetricsAtK metrics) => metrics[Name];

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name}@{K}");
}
