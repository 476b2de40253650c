using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models;

namespace OpenMrs.Recommender.Tests.Models;

/// <summary>User kNN's prediction against the formula computed by brute force on a small rating matrix.</summary>
public sealed class UserKnnPredictionTests
{
    private static readonly float[][] Ratings =
    [
        [5, 3, 4, 0],
        [4, 2, 5, 5],
        [1, 5, 0, 2],
        [5, 3, 0, 4],
        [4, 1, 4, 3],
    ];

    [Theory]
    [InlineData("pearson", 3)]
    [InlineData("pearson", 2)]
    [InlineData("overlap", 3)]
    public void Predicts_the_mean_centred_weighted_deviation_of_the_k_nearest_raters(string weight, int k)
    {
        var model = ModelCatalog.Create("userknn", new Dictionary<string, string> { ["weight"] = weight, ["k"] = k.ToString() });
        model.Fit(Matrix());

        var recommended = model.Recommend(0, 1);

        Assert.Equal(3, recommended[0].Item);
        Assert.Equal(Expected(0, 3, weight, k), recommended[0].Score, 4);
    }

    private static double Expected(int user, int track, string weight, int k)
    {
        double Mean(int u) => Ratings[u].Where(r => r > 0).Average();
        double Weight(int u, int v)
        {
            var shared = Enumerable.Range(0, 4).Where(t => Ratings[u][t] > 0 && Ratings[v][t] > 0).ToArray();
            if (weight == "overlap") return shared.Length;
            double cross = 0, su = 0, sv = 0;
            foreach (var t in shared)
            {
                cross += (Ratings[u][t] - Mean(u)) * (Ratings[v][t] - Mean(v));
                su += Math.Pow(Ratings[u][t] - Mean(u), 2);
                sv += Math.Pow(Ratings[v][t] - Mean(v), 2);
            }
            return su * sv > 0 ? cross / Math.Sqrt(su * sv) : 0;
        }
        var nearest = Enumerable.Range(0, Ratings.Length).Where(v => v != user && Weight(user, v) > 0 && Ratings[v][track] > 0)
            .OrderByDescending(v => Weight(user, v)).ThenBy(v => v).Take(k).ToArray();
        var numerator = nearest.Sum(v => Weight(user, v) * (Ratings[v][track] - Mean(v)));
        var denominator = nearest.Sum(v => Math.Abs(Weight(user, v)));
        return Mean(user) + numerator / denominator;
    }

    private static InteractionMatrix Matrix()
    {
        var triplets = new List<(int, int, float)>();
        for (var u = 0; u < Ratings.Length; u++)
            for (var t = 0; t < 4; t++)
                if (Ratings[u][t] > 0) triplets.Add((u, t, Ratings[u][t]));
        return new InteractionMatrix(new IdMap(Enumerable.Range(0, Ratings.Length).Select(u => $"u{u}")), new IdMap(["a", "b", "c", "d"]), CsrMatrix.FromTriplets(Ratings.Length, 4, triplets));
    }
}
