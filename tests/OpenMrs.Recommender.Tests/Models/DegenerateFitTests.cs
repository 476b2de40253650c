using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models;

namespace OpenMrs.Recommender.Tests.Models;

/// <summary>
/// Every model on training data at the edge of what it can use: it either fits and answers every query with finite
/// scores, or refuses with a <see cref="DegenerateDataException"/>; no other exception may escape.
/// </summary>
public class DegenerateFitTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in ModelCatalog.Names.Order())
            foreach (var shape in Shapes.Keys.Order())
                data.Add(model, shape);
        return data;
    }

    private static readonly Dictionary<string, (int Users, int Items, (int, int, float)[] Cells)> Shapes = new()
    {
        ["one user"] = (1, 4, [(0, 0, 1f), (0, 1, 2f), (0, 2, 1f), (0, 3, 5f)]),
        ["one item"] = (4, 1, [(0, 0, 1f), (1, 0, 2f), (2, 0, 1f), (3, 0, 3f)]),
        ["one cell"] = (1, 1, [(0, 0, 1f)]),
        ["every user one item"] = (4, 4, [(0, 0, 1f), (1, 1, 1f), (2, 2, 1f), (3, 3, 1f)]),
        ["all counts equal"] = (3, 3, [(0, 0, 2f), (0, 1, 2f), (1, 1, 2f), (1, 2, 2f), (2, 0, 2f), (2, 2, 2f)]),
        ["a user and an item with no plays"] = (3, 3, [(0, 0, 1f), (0, 1, 1f), (1, 0, 1f)]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fits_and_answers_with_finite_scores_or_refuses_plainly(string name, string shape)
    {
        var (users, items, cells) = Shapes[shape];
        var matrix = new InteractionMatrix(new IdMap(Enumerable.Range(0, users).Select(u => $"u{u}")),
            new IdMap(Enumerable.Range(0, items).Select(i => $"i{i}")), CsrMatrix.FromTriplets(users, items, cells));
        var model = ModelCatalog.Create(name, seed: 1);
        try
        {
            model.Fit(matrix);
        }
        catch (DegenerateDataException refused)
        {
            Assert.DoesNotContain('\n', refused.Message);
            return;
        }

        var tooMany = items + 5; // k larger than the catalogue
        for (var user = 0; user < users; user++)
        {
            AssertFinite(model.Recommend(user, tooMany, excludeSeen: false), items);
            AssertFinite(model.Recommend(user, tooMany), items - matrix.UserItems.RowLength(user));
        }
        AssertFinite(model.RecommendForHistory(matrix.UserItems.Row(0), tooMany, excludeSeen: false), items);
        AssertFinite(model.RecommendForHistory(SparseRow.Empty, tooMany), items);
        for (var item = 0; item < items; item++) Assert.All(model.SimilarItems(item, tooMany), s => Assert.True(float.IsFinite(s.Score)));
    }

    [Theory]
    [InlineData("als")]
    [InlineData("bpr")]
    [InlineData("svd")]
    [InlineData("gd")]
    [InlineData("sgd")]
    [InlineData("gravity", "learning_rate", "0.5")] // its default step (20) is sized for large data and overflows here
    public void More_factors_than_users_or_items_are_refused_when_asked_for_and_capped_by_default(string name, string? key = null, string? value = null)
    {
        Dictionary<string, string> With(Dictionary<string, string> options)
        {
            if (key is not null) options[key] = value!;
            return options;
        }

        var matrix = new InteractionMatrix(new IdMap(["a", "b", "c"]), new IdMap(["x", "y", "z", "w"]),
            CsrMatrix.FromTriplets(3, 4, [(0, 0, 1f), (0, 1, 1f), (1, 1, 1f), (1, 2, 1f), (2, 2, 1f), (2, 3, 1f)]));

        var asked = ModelCatalog.Create(name, With(new() { ["factors"] = "4" }));
        var refused = Assert.Throws<DegenerateDataException>(() => asked.Fit(matrix));
        Assert.Contains("at most 3", refused.Message);

        var byDefault = ModelCatalog.Create(name, With([]));
        byDefault.Fit(matrix);
        var factors = (OpenMrs.Recommender.Models.Factorization.FactorModel)byDefault;
        Assert.InRange(factors.ItemFactors.Factors, 1, 3);
        AssertFinite(byDefault.Recommend(0, 4, excludeSeen: false), 4);
    }

    private static void AssertFinite(ScoredItem[] list, int expectedLength)
    {
        Assert.Equal(expectedLength, list.Length);
        Assert.Equal(list.Length, list.Select(r => r.Item).Distinct().Count());
        Assert.All(list, r => Assert.True(float.IsFinite(r.Score), $"item {r.Item} scored {r.Score}"));
    }
}
