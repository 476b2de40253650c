using OpenMrs.Recommender.Evaluation;
using OpenMrs.Recommender.Evaluation.Splits;
using OpenMrs.Recommender.Evaluation.Sweeps;
using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Tests.Models;

namespace OpenMrs.Recommender.Tests.Evaluation.Sweeps;

public class SweepTests
{
    private static readonly PlantedTasteData Data = new(users: 300, items: 200, genres: 6, seed: 31);
    private static readonly Dictionary<string, string> QuickAls = new() { ["iterations"] = "6" };

    [Fact]
    public void The_grid_is_the_cartesian_product_over_the_base_options_first_axis_slowest()
    {
        var plan = SweepPlan.Create("als", QuickAls, [new GridAxis("factors", ["4", "8"]), new GridAxis("weighting", ["none", "bm25", "tfidf"])]);

        Assert.Equal(
            ["4/none", "4/bm25", "4/tfidf", "8/none", "8/bm25", "8/tfidf"],
            plan.Grid.Select(o => $"{o["factors"]}/{o["weighting"]}"));
        Assert.All(plan.Grid, o => Assert.Equal("6", o["iterations"]));
        Assert.Equal(QuickAls, plan.BaseOptions);
    }

    [Fact]
    public void A_grid_over_the_limit_is_refused_in_one_line_unless_the_limit_is_raised()
    {
        GridAxis[] axes = [new("factors", ["8", "16", "32"]), new("alpha", ["1", "5", "20"]), new("regularization", ["0.01", "0.1", "1"]), new("weighting", ["none", "bm25", "tfidf"])];

        var error = Assert.Throws<ModelOptionException>(() => SweepPlan.Create("als", null, axes));
        Assert.Contains("81 configurations", error.Message);
        Assert.Contains("limit of 64", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(81, SweepPlan.Create("als", null, axes, maxConfigurations: 81).Grid.Count);
    }

    [Theory]
    [InlineData("factors", "many", "'factors' must be an integer")]
    [InlineData("colour", "red", "unknown option(s) for als: colour")]
    [InlineData("iterations", "3", "both fixed and swept")]
    public void A_bad_grid_is_refused_before_anything_is_fitted(string key, string value, string message)
    {
        var error = Assert.Throws<ModelOptionException>(() => SweepPlan.Create("als", QuickAls, [new GridAxis(key, ["8", value])]));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Each_trial_scores_what_the_evaluator_gives_on_validation_and_the_best_wins()
    {
        var split = ValidationSplit.Carve(Data.Train, new HoldoutSplit(0.2, MinItems: 2, Seed: 5));
        var plan = SweepPlan.Create("itemknn", null, [new GridAxis("neighbours", ["1", "10", "40"])]);

        var choice = HyperparameterSweep.Choose(plan, split, new SweepOptions { Metric = new SweepMetric("map", 10), Seed = 3 });

        Assert.Equal(4, choice.Trials.Count);
        Assert.True(choice.Trials[0].IsDefault);
        Assert.Empty(choice.Trials[0].Options);
        for (var i = 0; i < choice.Trials.Count; i++)
        {
            var model = ModelCatalog.Create("itemknn", choice.Trials[i].Options, seed: 3);
            model.Fit(split.Fit);
            var expected = Evaluator.Evaluate(model, split.Parts, new EvaluationOptions { Ks = [10] }).At(10).Map;
            Assert.Equal(expected, choice.Trials[i].Score, 12);
        }
        Assert.Equal(choice.Trials.Max(t => t.Score), choice.Winner.Score);
        Assert.Equal(choice.Trials.Select(t => t.Score).ToList().IndexOf(choice.Winner.Score), choice.WinnerIndex);
    }

    [Fact]
    public void On_planted_genres_validation_prefers_enough_factors_to_hold_them()
    {
        var split = ValidationSplit.Carve(Data.Train, new HoldoutSplit(0.2, MinItems: 2, Seed: 5));
        var plan = SweepPlan.Create("als", QuickAls, [new GridAxis("factors", ["1", "8"])]);

        var choice = HyperparameterSweep.Choose(plan, split);

        var one = choice.Trials[1].Score;
        var eight = choice.Trials[2].Score;
        Assert.True(eight > 1.3 * one, $"NDCG@10 with 8 factors {eight:0.0000} vs 1 factor {one:0.0000}");
        Assert.NotEqual("1", choice.Winner.Options.GetValueOrDefault("factors"));
    }

    [Theory]
    [InlineData(0.3, 0.3, false)]
    [InlineData(0.30000000000000004, 0.3, false)]   // the last bit of a parallel sum in another order: a tie
    [InlineData(0.3000001, 0.3, true)]
    [InlineData(0.2999999, 0.3, false)]
    [InlineData(1e-12, 0, false)]
    [InlineData(1e-6, 0, true)]
    public void A_later_trial_wins_only_by_more_than_float_noise(double score, double best, bool improves) =>
        Assert.Equal(improves, HyperparameterSweep.Improves(score, best));

    [Theory]
    [InlineData("ndcg@10", "ndcg", 10)]
    [InlineData("MAP@500", "map", 500)]
    public void Metrics_parse_as_name_at_k(string text, string name, int k) => Assert.Equal(new SweepMetric(name, k), SweepMetric.Parse(text));

    [Theory]
    [InlineData("ndcg")]
    [InlineData("ndcg@0")]
    [InlineData("loss@10")]
    public void Bad_metrics_are_refused(string text) => Assert.Throws<FormatException>(() => SweepMetric.Parse(text));
}
