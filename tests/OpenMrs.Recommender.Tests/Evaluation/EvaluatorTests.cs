using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Evaluation;
using OpenMrs.Recommender.Evaluation.Metrics;
using OpenMrs.Recommender.Evaluation.Splits;

namespace OpenMrs.Recommender.Tests.Evaluation;

public class EvaluatorTests
{
    private static readonly InteractionMatrix Data = SyntheticInteractions.Random(users: 400, items: 120, maxPerUser: 30, seed: 11);
    private static readonly TrainTestSplit Split = new HoldoutSplit(0.3, Seed: 1).Split(Data);

    [Fact]
    public void An_oracle_that_ranks_the_held_out_items_first_scores_perfectly()
    {
        var test = Split.Test.UserItems;
        var oracle = new ListRecommender(u => test.RowIndices(u).ToArray());

        var result = Evaluator.Evaluate(oracle, Split, new EvaluationOptions { Ks = [5, 50] });

        foreach (var m in result.AtK)
        {
            Assert.Equal(1.0, m.Precision, 1e-12);
            Assert.Equal(1.0, m.Map, 1e-12);
            Assert.Equal(1.0, m.Ndcg, 1e-12);
            Assert.Equal(1.0, m.Mrr, 1e-12);
            Assert.Equal(1.0, m.HitRate, 1e-12);
        }
        Assert.Equal(1.0, result.At(50).Recall, 1e-12);
        Assert.Equal(1.0, result.At(50).RocAuc, 1e-12);
        Assert.True(result.At(5).Recall < 1.0);
        Assert.Equal(Split.TestUsers.Length, result.Users);
    }

    [Fact]
    public void Training_items_returned_by_a_model_are_filtered_out()
    {
        var train = Split.Train.UserItems;
        var test = Split.Test.UserItems;
        var leaky = new ListRecommender(u => [.. train.RowIndices(u).ToArray(), .. test.RowIndices(u).ToArray()]);

        var result = Evaluator.Evaluate(leaky, Split, new EvaluationOptions { Ks = [100] });

        Assert.Equal(1.0, result.At(100).Map, 1e-12);
    }

    [Fact]
    public void Matches_a_direct_computation_for_an_arbitrary_ranking()
    {
        var train = Split.Train.UserItems;
        var test = Split.Test.UserItems;
        int[] Ranking(int u) => Enumerable.Range(0, Data.ItemCount).OrderBy(i => (i * 7919 + u * 104729) % 1009).ToArray();
        var model = new ListRecommender(Ranking);
        const int k = 20;

        var result = Evaluator.Evaluate(model, Split, new EvaluationOptions { Ks = [k], Threads = 3 }).At(k);

        double hits = 0, bound = 0, recall = 0, map = 0, mrr = 0;
        var users = Split.TestUsers;
        var recommended = new HashSet<int>();
        foreach (var u in users)
        {
            var seen = train.RowIndices(u).ToArray().ToHashSet();
            var relevant = test.RowIndices(u).ToArray().ToHashSet();
            var top = Ranking(u).Where(i => !seen.Contains(i)).Take(k).ToList();
            recommended.UnionWith(top);
            var userHits = top.Count(relevant.Contains);
            hits += userHits;
            bound += Math.Min(k, relevant.Count);
            recall += (double)userHits / relevant.Count;
            double ap = 0;
            var found = 0;
            for (var r = 0; r < top.Count; r++)
                if (relevant.Contains(top[r])) ap += (double)++found / (r + 1);
            map += ap / Math.Min(k, relevant.Count);
            var first = top.FindIndex(relevant.Contains);
            mrr += first < 0 ? 0 : 1.0 / (first + 1);
        }

        Assert.Equal(hits / bound, result.Precision, 1e-9);
        Assert.Equal(recall / users.Length, result.Recall, 1e-9);
        Assert.Equal(map / users.Length, result.Map, 1e-9);
        Assert.Equal(mrr / users.Length, result.Mrr, 1e-9);
        Assert.Equal((double)recommended.Count / Data.ItemCount, result.Coverage, 1e-9);
    }

    [Fact]
    public void Listed_users_without_held_out_items_count_as_zero()
    {
        var test = Split.Test.UserItems;
        var oracle = new ListRecommender(u => test.RowIndices(u).ToArray());
        var empty = Enumerable.Range(0, Data.UserCount).First(u => test.RowLength(u) == 0);
        var withItems = Split.TestUsers.Take(3).ToArray();

        var result = Evaluator.Evaluate(oracle, Split.Train.UserItems, test, [.. withItems, empty], new EvaluationOptions { Ks = [10] });

        Assert.Equal(0.75, result.At(10).Map, 1e-12);
        Assert.Equal(4, result.Users);
    }

    [Fact]
    public void Play_count_gains_reward_ranking_heavy_plays_first()
    {
        var test = Split.Test.UserItems;
        int[] ByPlays(int u, bool heaviestFirst)
        {
            var items = test.RowIndices(u).ToArray();
            var plays = test.RowValues(u).ToArray();
            var order = Enumerable.Range(0, items.Length).OrderBy(p => heaviestFirst ? -plays[p] : plays[p]).ThenBy(p => p);
            return order.Select(p => items[p]).ToArray();
        }
        var options = new EvaluationOptions { Ks = [3], PlayCountGains = true };

        var best = Evaluator.Evaluate(new ListRecommender(u => ByPlays(u, true)), Split, options).At(3);
        var worst = Evaluator.Evaluate(new ListRecommender(u => ByPlays(u, false)), Split, options).At(3);

        Assert.Equal(1.0, best.Ndcg, 1e-9);
        Assert.True(worst.Ndcg < best.Ndcg);
        Assert.Equal(best.Map, worst.Map, 1e-12);
    }

    [Fact]
    public void Max_users_samples_reproducibly()
    {
        var model = new ListRecommender(u => Enumerable.Range(0, Data.ItemCount).ToArray());
        var options = new EvaluationOptions { Ks = [10], MaxUsers = 50, Seed = 2 };
        var a = Evaluator.Evaluate(model, Split, options);
        var b = Evaluator.Evaluate(model, Split, options);
        Assert.Equal(50, a.Users);
        Assert.Equal(a.At(10).Values, b.At(10).Values, (x, y) => Math.Abs(x - y) < 1e-12);
    }

    [Fact]
    public void Mismatched_shapes_and_bad_options_are_rejected()
    {
        var model = new ListRecommender(_ => []);
        var other = new CsrBuilder(Data.UserCount + 1, Data.ItemCount).Build();
        Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(model, Split.Train.UserItems, other));
        Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(model, Split, new EvaluationOptions { Ks = [0] }));
    }
}
