using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Models.Graph;

namespace OpenMrs.Recommender.Tests.Models;

/// <summary>RP3β against the dense formula W = (P_iu^α)(P_ui^α) · diag(deg^−β), diagonal zeroed, on a tiny matrix.</summary>
public sealed class Rp3BetaTests
{
    private static readonly TinyMatrix Tiny = new(users: 12, items: 8, density: 0.35, seed: 5);

    [Theory]
    [InlineData("binary", 1.0, 0.5)]
    [InlineData("none", 0.7, 0.3)]
    public void Graph_and_scores_equal_the_dense_reference(string weighting, double alpha, double beta)
    {
        var model = Fit(new() { ["weighting"] = weighting, ["alpha"] = $"{alpha}", ["beta"] = $"{beta}", ["neighbours"] = "100" });
        var w = Reference(binary: weighting == "binary", alpha, beta);

        for (var i = 0; i < Tiny.Items; i++)
            for (var j = 0; j < Tiny.Items; j++)
                Assert.Equal(w[i, j], model.Neighbours.Get(i, j), 5);
        for (var u = 0; u < Tiny.Users; u++)
        {
            var scores = model.Scores(u);
            for (var t = 0; t < Tiny.Items; t++)
            {
                double expected = 0;
                for (var j = 0; j < Tiny.Items; j++)
                    if (Tiny.Dense[u, j] > 0) expected += (weighting == "binary" ? 1 : Tiny.Dense[u, j]) * w[j, t];
                Assert.Equal(expected, scores[t], 4);
            }
        }
    }

    [Fact]
    public void Keeps_the_top_k_of_each_row_and_normalises_them_to_sum_one()
    {
        var model = Fit(new() { ["neighbours"] = "3", ["normalise"] = "true", ["alpha"] = "1", ["beta"] = "0.5" });
        var w = Reference(binary: true, alpha: 1, beta: 0.5);
        for (var i = 0; i < Tiny.Items; i++)
        {
            var expected = Enumerable.Range(0, Tiny.Items).Where(j => w[i, j] > 0)
                .OrderByDescending(j => w[i, j]).ThenBy(j => j).Take(3).ToArray();
            Assert.Equal(expected.Order(), model.Neighbours.RowIndices(i).ToArray());
            var sum = expected.Sum(j => w[i, j]);
            foreach (var j in expected) Assert.Equal(w[i, j] / sum, model.Neighbours.Get(i, j), 5);
        }
    }

    private static Rp3BetaModel Fit(Dictionary<string, string> options)
    {
        var model = (Rp3BetaModel)ModelCatalog.Create("rp3b", options);
        model.Fit(Tiny.Interactions);
        return model;
    }

    private static double[,] Reference(bool binary, double alpha, double beta)
    {
        int users = Tiny.Users, items = Tiny.Items;
        var pui = new double[users, items];
        var piu = new double[items, users];
        var degree = new double[items];
        for (var u = 0; u < users; u++)
        {
            double sum = 0;
            for (var j = 0; j < items; j++) sum += binary ? Math.Sign(Tiny.Dense[u, j]) : Tiny.Dense[u, j];
            for (var j = 0; j < items; j++) pui[u, j] = (binary ? Math.Sign(Tiny.Dense[u, j]) : Tiny.Dense[u, j]) / sum;
        }
        for (var i = 0; i < items; i++)
        {
            for (var u = 0; u < users; u++) degree[i] += Math.Sign(Tiny.Dense[u, i]);
            for (var u = 0; u < users; u++) piu[i, u] = Math.Sign(Tiny.Dense[u, i]) / degree[i];
        }
        var w = new double[items, items];
        for (var i = 0; i < items; i++)
            for (var j = 0; j < items; j++)
            {
                if (i == j) continue;
                for (var u = 0; u < users; u++) w[i, j] += Math.Pow(piu[i, u], alpha) * Math.Pow(pui[u, j], alpha);
                w[i, j] *= Math.Pow(degree[j], -beta);
            }
        return w;
    }
}
