using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Evaluation.Sequences;
using OpenMrs.Recommender.Models;

namespace OpenMrs.Recommender.Tests.Models;

public sealed class SessionKnnContractTests : RecommenderContractTests
{
    protected override string Name => "sknn";
    protected override double MinimumHistoryAgreement => 1.0;
}

/// <summary>
/// Sessions with planted transitions: every track has two successors, and a session is a walk that follows one of them
/// (A → B → C …) with probability 0.85, else jumps to a random track. The next track depends on the last one, not on
/// the whole session, so neighbours of the most recent tracks should beat popularity and whole-history item kNN.
/// </summary>
public sealed class SessionKnnTests
{
    private const int Items = 150;

    [Fact]
    public void Beats_popularity_and_whole_history_item_knn_on_next_track_hit_rate()
    {
        var (train, test) = PlantedSessions(trainSessions: 1200, testSessions: 200, length: 10, seed: 4);

        double HitRate(string name, bool positions)
        {
            var model = ModelCatalog.Create(name);
            model.Fit(train);
            return NextItemEvaluator.Evaluate(model, train.UserItems, test, [10], threads: 2, positionValues: positions).At(10).HitRate;
        }

        var sknn = HitRate("sknn", positions: true);
        var itemKnn = HitRate("itemknn", positions: false);
        var popularity = HitRate("pop", positions: false);
        Assert.True(sknn > itemKnn + 0.1 && sknn > popularity + 0.2, $"HitRate@10 sknn {sknn:F3}, itemknn {itemKnn:F3}, pop {popularity:F3}");
    }

    [Fact]
    public void Recent_tracks_drive_the_scores_and_the_explanation_sums_to_the_score()
    {
        var (train, _) = PlantedSessions(trainSessions: 600, testSessions: 1, length: 10, seed: 9);
        var model = (RecommenderBase)ModelCatalog.Create("sknn");
        model.Fit(train);
        var session = Walk(new Random(1), 6);
        var history = SparseRow.FromPairs(session.Select((item, i) => (item, (float)(i + 1))));

        var top = model.RecommendForHistory(history, 1)[0];
        var explanation = model.Explain(history, top.Item, 10);
        Assert.Equal(top.Score, explanation.Sum(c => c.Weight), 3);
        // the planted successors of the last track lead the list
        var top2 = model.RecommendForHistory(history, 2).Select(r => r.Item).ToHashSet();
        Assert.Contains(top2, Successors(session[^1]).Contains);
    }

    private static int[] Successors(int item) => [(item * 7 + 3) % Items, (item * 11 + 5) % Items];

    private static int[] Walk(Random random, int length)
    {
        var walk = new List<int> { random.Next(Items) };
        while (walk.Count < length)
        {
            var next = random.NextDouble() < 0.85 ? Successors(walk[^1])[random.Next(2)] : random.Next(Items);
            while (walk.Contains(next)) next = random.Next(Items);
            walk.Add(next);
        }
        return [.. walk];
    }

    /// <summary>Training sessions as rows with 1-based play positions as values, plus held-out walks.</summary>
    private static (InteractionMatrix Train, List<int[]> Test) PlantedSessions(int trainSessions, int testSessions, int length, int seed)
    {
        var random = new Random(seed);
        var rows = Enumerable.Range(0, trainSessions).Select(_ => Walk(random, length)).ToArray();
        var matrix = CsrMatrix.FromTriplets(trainSessions, Items, rows.SelectMany((walk, s) => walk.Select((item, i) => (s, item, (float)(i + 1)))));
        var train = new InteractionMatrix(new IdMap(Enumerable.Range(0, trainSessions).Select(s => $"s{s}")), new IdMap(Enumerable.Range(0, Items).Select(i => $"t{i}")), matrix);
        return (train, Enumerable.Range(0, testSessions).Select(_ => Walk(random, length)).ToList());
    }
}
