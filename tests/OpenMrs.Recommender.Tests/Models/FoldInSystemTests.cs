using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models.Als;
using OpenMrs.Recommender.Models.Factorization;

namespace OpenMrs.Recommender.Tests.Models;

/// <summary>Incremental fold-in: rank-one updates of the kept normal equations against a solve from scratch.</summary>
public sealed class FoldInSystemTests
{
    [Fact]
    public void Rank_one_updates_per_event_give_the_from_scratch_fold_in()
    {
        var data = new PlantedTasteData(users: 60, items: 80, genres: 4, seed: 7);
        var model = new ImplicitAlsModel(new AlsOptions { Factors = 16, Iterations = 3, Alpha = 2, Regularization = 0.1f });
        model.Fit(data.Train);
        var random = new Random(3);
        var history = new Dictionary<int, float>();
        FoldInSystem? system = null;
        var incremental = 0;

        // A stream of events: new items, repeat plays of known items, and now and then an item that goes (a dislike).
        for (var step = 0; step < 120; step++)
        {
            var item = random.Next(80);
            if (step % 17 == 16 && history.Count > 1) history.Remove(history.Keys.First());
            else history[item] = history.GetValueOrDefault(item) + 1;
            var row = SparseRow.FromPairs(history.Select(kv => (kv.Key, kv.Value)).ToList());
            var problem = model.DescribeFoldIn(row);
            if (system is null) system = new FoldInSystem(problem);
            else if (system.Update(problem)) incremental++;

            var expected = model.FoldInUser(row);
            var actual = system.Solve();
            for (var f = 0; f < expected.Length; f++) Assert.Equal(expected[f], actual[f], 1e-4f);
        }
        Assert.Equal(119, incremental);
    }

    [Fact]
    public void A_history_whose_weights_all_change_is_assembled_anew()
    {
        var data = new PlantedTasteData(users: 40, items: 50, genres: 3, seed: 2);
        var model = new ImplicitAlsModel(new AlsOptions { Factors = 8, Iterations = 2 });
        model.Fit(data.Train);
        var before = SparseRow.FromPairs([.. Enumerable.Range(0, 20).Select(i => (i, 1f))]);
        var after = SparseRow.FromPairs([.. Enumerable.Range(0, 20).Select(i => (i, 3f))]);
        var system = new FoldInSystem(model.DescribeFoldIn(before));

        Assert.False(system.Update(model.DescribeFoldIn(after)));
        var expected = model.FoldInUser(after);
        var actual = system.Solve();
        for (var f = 0; f < expected.Length; f++) Assert.Equal(expected[f], actual[f], 1e-5f);
    }
}
