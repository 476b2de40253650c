using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Models.Linear;
using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Tests.Models;

/// <summary>EASE against B = I − P·diagMat(1/diag P), P = (XᵀX + λI)⁻¹ computed densely in double.</summary>
public sealed class EaseTests
{
    [Theory]
    [InlineData("binary", 3.0)]
    [InlineData("none", 20.0)]
    public void Weights_equal_the_dense_closed_form_with_a_zero_diagonal(string weighting, double lambda)
    {
        var tiny = new TinyMatrix(users: 25, items: 9, density: 0.4, seed: 8);
        var model = (EaseModel)ModelCatalog.Create("ease", new Dictionary<string, string> { ["lambda"] = $"{lambda}", ["weighting"] = weighting });
        model.Fit(tiny.Interactions);
        int n = tiny.Items;
        double X(int u, int i) => weighting == "binary" ? Math.Sign(tiny.Dense[u, i]) : tiny.Dense[u, i];

        var gram = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                for (var u = 0; u < tiny.Users; u++) gram[i * n + j] += X(u, i) * X(u, j);
                if (i == j) gram[i * n + j] += lambda;
            }
        var cholesky = new Cholesky(gram, n);
        var p = new double[n, n];
        for (var j = 0; j < n; j++)
        {
            var column = cholesky.Solve([.. Enumerable.Range(0, n).Select(i => i == j ? 1.0 : 0.0)]);
            for (var i = 0; i < n; i++) p[i, j] = column[i];
        }

        for (var i = 0; i < n; i++)
        {
            Assert.Equal(0f, model.Weights[i * n + i]);
            for (var j = 0; j < n; j++)
                if (i != j) Assert.Equal(-p[i, j] / p[j, j], model.Weights[i * n + j], 4);
        }
        var scores = model.Scores(3);
        for (var t = 0; t < n; t++)
        {
            double expected = 0;
            for (var i = 0; i < n; i++) expected += X(3, i) * (i == t ? 0 : -p[i, t] / p[t, t]);
            Assert.Equal(expected, scores[t], 3);
        }
    }

    [Fact]
    public void Refuses_a_catalogue_over_the_item_limit_with_a_one_line_message()
    {
        var data = new PlantedTasteData(users: 30, items: 120, genres: 4, seed: 3);
        var model = ModelCatalog.Create("ease", new Dictionary<string, string> { ["max_items"] = "100" });
        var error = Assert.Throws<ModelOptionException>(() => model.Fit(data.Train));
        Assert.Contains("120 items", error.Message);
        Assert.Contains("max_items = 100", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(((EaseModel)model).IsFitted);
    }
}
