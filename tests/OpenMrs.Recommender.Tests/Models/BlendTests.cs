using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Evaluation.Splits;
using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Models.Blend;
using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Tests.Models;

public sealed class BlendTests
{
    private static readonly PlantedTasteData Data = new(users: 300, items: 200, genres: 6, seed: 31);

    /// <summary>The validation split is carved from the training matrix only; the planted test cells are never used.</summary>
    private static readonly TrainTestSplit Validation = new HoldoutSplit(0.2, Seed: 5).Split(Data.Train);

    [Fact]
    public void Scores_are_the_weighted_sum_of_per_user_z_scores()
    {
        var rp3b = Fitted("rp3b", Data.Train);
        var pop = Fitted("pop", Data.Train);
        var blend = BlendModel.FromFitted([rp3b, pop], [0.7f, 0.3f]);
        foreach (var user in new[] { 0, 9, 123 })
        {
            var seen = Data.Train.UserItems.RowIndices(user).ToArray();
            var a = ZScores(((RecommenderBase)rp3b).Scores(user), seen);
            var b = ZScores(((RecommenderBase)pop).Scores(user), seen);
            var scores = blend.Scores(user);
            for (var t = 0; t < scores.Length; t++) Assert.Equal(0.7 * a[t] + 0.3 * b[t], scores[t], 3);
        }
    }

    [Fact]
    public void Learned_weights_choose_the_real_model_over_a_random_one()
    {
        var rp3b = Fitted("rp3b", Validation.Train);
        var random = new RandomScores();
        random.Fit(Validation.Train);

        var learned = BlendWeights.Learn([random, rp3b], Validation.Train.UserItems, Validation.Test.UserItems);

        Assert.True(learned.MemberNdcg[1] > 2 * learned.MemberNdcg[0], $"rp3b {learned.MemberNdcg[1]:F4} vs random {learned.MemberNdcg[0]:F4}");
        Assert.True(learned.Weights[1] >= 0.7f, $"weights {string.Join(", ", learned.Weights)}");
        Assert.Equal(1f, learned.Weights.Sum(), 4);
        Assert.True(learned.Ndcg >= learned.MemberNdcg.Max());
    }

    [Fact]
    public void Fit_with_learning_tunes_on_a_holdout_of_the_matrix_it_is_given()
    {
        var blend = ModelCatalog.Create("blend", new Dictionary<string, string>
        {
            ["members"] = "pop,rp3b", ["learn"] = "true", ["validation_fraction"] = "0.2", ["grid_step"] = "0.25",
        }, seed: 5);
        blend.Fit(Data.Train);

        var expected = BlendWeights.Learn([Fitted("pop", Validation.Train), Fitted("rp3b", Validation.Train)],
            Validation.Train.UserItems, Validation.Test.UserItems, new BlendLearning { GridStep = 0.25f, Seed = 5 });
        var learned = ((BlendModel)blend).Learned;
        Assert.NotNull(learned);
        Assert.Equal(expected.Weights, learned.Weights);
        Assert.Equal(expected.Weights, ((BlendModel)blend).Weights);
        Assert.True(learned.Weights[1] > learned.Weights[0], $"weights {string.Join(", ", learned.Weights)}");
    }

    [Theory]
    [InlineData("members", "als,als", "twice")]
    [InlineData("weights", "1,2,3", "one per member")]
    [InlineData("weights", "1,-1", "non-negative")]
    [InlineData("members", "als,blend", "another blend")]
    [InlineData("rp3b.bogus", "1", "bogus")]
    public void Bad_options_are_refused_by_name(string key, string value, string message)
    {
        var options = new Dictionary<string, string> { [key] = value };
        Assert.Contains(message, Assert.Throws<ModelOptionException>(() => ModelCatalog.Create("blend", options)).Message);
    }

    [Fact]
    public void Grid_covers_the_simplex()
    {
        var grid = BlendWeights.SimplexGrid(3, 4);
        Assert.Equal(15, grid.Count);
        Assert.All(grid, w => Assert.Equal(1f, w.Sum(), 5));
        Assert.Equal(grid.Count, grid.Select(w => string.Join(",", w)).Distinct().Count());
    }

    private static IRecommender Fitted(string name, InteractionMatrix matrix)
    {
        var model = ModelCatalog.Create(name);
        model.Fit(matrix);
        return model;
    }

    private static double[] ZScores(float[] scores, int[] seen)
    {
        var candidates = Enumerable.Range(0, scores.Length).Where(i => !seen.Contains(i)).Select(i => (double)scores[i]).ToArray();
        var mean = candidates.Average();
        var std = Math.Sqrt(candidates.Sum(s => (s - mean) * (s - mean)) / candidates.Length);
        return [.. scores.Select(s => (s - mean) / std)];
    }

    /// <summary>A model with no taste at all: seeded uniform noise per user (or history), the floor any blend must see through.</summary>
    private sealed class RandomScores : RecommenderBase
    {
        public override string Kind => "random";

        protected override void FitCore(CsrMatrix userItems, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) { }

        protected override void ScoreUser(int user, Span<float> scores) => Fill(user, scores);

        protected override void ScoreHistory(SparseRow history, Span<float> scores) => Fill(history.Count, scores);

        private static void Fill(int seed, Span<float> scores)
        {
            var random = new Random(seed);
            for (var i = 0; i < scores.Length; i++) scores[i] = random.NextSingle();
        }

        public override ScoredItem[] SimilarItems(int item, int count)
        {
            var scores = new float[ItemCount];
            Fill(item, scores);
            return TopK.Select(scores, count, [item]);
        }

        public override void Save(BinaryWriter writer) => throw new NotSupportedException();
    }
}
