using OpenMrs.Recommender.Evaluation;
using OpenMrs.Recommender.Models;
using Xunit.Abstractions;

namespace OpenMrs.Recommender.Tests.Models;

/// <summary>
/// On listening with planted genre tastes, models that learn taste must rank held-out items clearly better than
/// popularity. Margins are set well under what was observed (see MODELS.md for the measured figures).
/// </summary>
public sealed class RankingQualityTests(ITestOutputHelper output)
{
    private static readonly PlantedTasteData Data = new(users: 400, items: 300, genres: 8, seed: 21);
    private static readonly Lazy<double> PopularityNdcg = new(() => Ndcg("pop", new Dictionary<string, string>()));

    [Theory]
    [InlineData("als", "factors=16;iterations=10;regularization=0.1", 2.0)]
    [InlineData("bpr", "factors=16;iterations=40;learning_rate=0.05", 2.0)]
    [InlineData("itemknn", "neighbours=50", 2.0)]
    [InlineData("itemknn", "neighbours=50;weighting=bm25;cosine=false", 2.0)]
    [InlineData("svd", "factors=8", 2.0)]
    [InlineData("rp3b", "alpha=1;beta=0.5;neighbours=100", 2.0)]
    [InlineData("ease", "lambda=50", 2.0)]
    [InlineData("blend", "members=ease,rp3b;ease.lambda=50", 2.0)]
    public void Learns_taste_and_beats_popularity(string name, string options, double minimumRatio)
    {
        var ndcg = Ndcg(name, Parse(options));
        output.WriteLine($"{name} [{options}]: NDCG@10 {ndcg:F4}, popularity {PopularityNdcg.Value:F4}, ratio {ndcg / PopularityNdcg.Value:F2}");
        Assert.True(ndcg >= minimumRatio * PopularityNdcg.Value, $"{name}: NDCG@10 {ndcg:F4} vs popularity {PopularityNdcg.Value:F4}");
    }

    private static double Ndcg(string name, IReadOnlyDictionary<string, string> options)
    {
        var model = ModelCatalog.Create(name, options, seed: 1);
        model.Fit(Data.Train);
        return Evaluator.Evaluate(model, Data.Train.UserItems, Data.Test, options: new EvaluationOptions { Ks = [10] }).At(10).Ndcg;
    }

    private static Dictionary<string, string> Parse(string options) =>
        options.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
}
