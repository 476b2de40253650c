using System.Collections.Concurrent;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Persistence;

namespace OpenMrs.Recommender.Tests.Models;

/// <summary>
/// The contract every model meets, inherited once per model. Each model is fitted once per test class on the
/// planted-taste data and shared by the tests (they only read it).
/// </summary>
public abstract class RecommenderContractTests
{
    private static readonly ConcurrentDictionary<Type, Lazy<IRecommender>> Fitted = new();
    protected static readonly PlantedTasteData Data = new(users: 200, items: 150, genres: 6, seed: 11);
    private static readonly int[] SampleUsers = [0, 1, 17, 42, 99, 150, 199];

    protected abstract string Name { get; }
    protected virtual IReadOnlyDictionary<string, string> Options => new Dictionary<string, string>();

    /// <summary>Least share of a known user's top-10 that the fold-in of their own history must reproduce.</summary>
    protected virtual double MinimumHistoryAgreement => 0.6;

    protected virtual bool CanExplain => true;

    protected IRecommender Model => Fitted.GetOrAdd(GetType(), _ => new Lazy<IRecommender>(() =>
    {
        var model = ModelCatalog.Create(Name, Options, seed: 3);
        model.Fit(Data.Train);
        return model;
    })).Value;

    [Fact]
    public void Kind_matches_the_catalogue_name() => Assert.Equal(Name, Model.Kind);

    [Fact]
    public void Recommend_returns_the_count_asked_best_first_without_seen_items()
    {
        foreach (var user in SampleUsers)
        {
            var seen = Data.Train.UserItems.RowIndices(user).ToArray();
            var recommended = Model.Recommend(user, 10);
            Assert.Equal(10, recommended.Length);
            Assert.Equal(recommended.Length, recommended.Select(r => r.Item).Distinct().Count());
            Assert.DoesNotContain(recommended, r => seen.Contains(r.Item));
            AssertDescending(recommended);
        }
    }

    [Fact]
    public void Recommend_with_seen_items_allowed_ranks_the_whole_catalogue()
    {
        var all = Model.Recommend(5, Data.Train.ItemCount, excludeSeen: false);
        Assert.Equal(Data.Train.ItemCount, all.Length);
        Assert.Equal(Enumerable.Range(0, Data.Train.ItemCount), all.Select(r => r.Item).Order());
        var unseen = Model.Recommend(5, int.MaxValue);
        Assert.Equal(Data.Train.ItemCount - Data.Train.UserItems.RowLength(5), unseen.Length);
        Assert.True(Model.SimilarItems(5, int.MaxValue).Length < Data.Train.ItemCount);
    }

    [Fact]
    public void Recommend_for_a_users_own_history_agrees_with_recommend()
    {
        double agreement = 0;
        foreach (var user in SampleUsers)
        {
            var history = Data.Train.UserItems.Row(user);
            var fromHistory = Model.RecommendForHistory(history, 10);
            Assert.Equal(10, fromHistory.Length);
            Assert.DoesNotContain(fromHistory, r => history.Indices.Contains(r.Item));
            AssertDescending(fromHistory);
            var known = Model.Recommend(user, 10).Select(r => r.Item).ToHashSet();
            agreement += fromHistory.Count(r => known.Contains(r.Item)) / 10.0;
        }
        Assert.True(agreement / SampleUsers.Length >= MinimumHistoryAgreement, $"mean top-10 agreement {agreement / SampleUsers.Length:F2}");
    }

    [Fact]
    public void Recommend_for_an_empty_history_does_not_fail()
    {
        var recommended = Model.RecommendForHistory(SparseRow.Empty, 5);
        Assert.True(recommended.Length <= 5);
    }

    [Fact]
    public void Similar_items_exclude_the_item_itself()
    {
        foreach (var item in new[] { 0, 3, 77, 149 })
        {
            var similar = Model.SimilarItems(item, 8);
            Assert.NotEmpty(similar);
            Assert.True(similar.Length <= 8);
            Assert.DoesNotContain(similar, s => s.Item == item);
            AssertDescending(similar);
        }
    }

    [Fact]
    public void Explanations_name_history_items_strongest_first()
    {
        var history = Data.Train.UserItems.Row(42);
        var top = Model.RecommendForHistory(history, 1)[0].Item;
        var explanation = Model.Explain(history, top, 3);
        Assert.True(explanation.Length <= 3);
        if (!CanExplain)
        {
            Assert.Empty(explanation);
            return;
        }
        Assert.NotEmpty(explanation);
        Assert.All(explanation, c => Assert.Contains(c.HistoryItem, history.Indices));
        for (var i = 1; i < explanation.Length; i++) Assert.True(explanation[i - 1].Weight >= explanation[i].Weight);
    }

    [Fact]
    public void Save_then_load_gives_identical_recommendations()
    {
        using var stream = new MemoryStream();
        ModelFile.Save(stream, Model, Data.Train.Users, Data.Train.Items);
        stream.Position = 0;
        var loaded = ModelFile.Load(stream);

        Assert.Equal(Model.Kind, loaded.Model.Kind);
        Assert.Equal(Data.Train.Users.Ids, loaded.Users.Ids);
        Assert.Equal(Data.Train.Items.Ids, loaded.Items.Ids);
        foreach (var user in SampleUsers)
        {
            Assert.Equal(Model.Recommend(user, 10), loaded.Model.Recommend(user, 10));
            var history = Data.Train.UserItems.Row(user);
            Assert.Equal(Model.RecommendForHistory(history, 10), loaded.Model.RecommendForHistory(history, 10));
        }
        Assert.Equal(Model.SimilarItems(4, 5), loaded.Model.SimilarItems(4, 5));
    }

    [Fact]
    public void Bad_arguments_get_clear_exceptions()
    {
        var users = Data.Train.UserCount;
        var items = Data.Train.ItemCount;
        Assert.Contains("unknown user", Assert.Throws<ArgumentOutOfRangeException>(() => Model.Recommend(users, 10)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.Recommend(-1, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.Recommend(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.Recommend(0, -3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.SimilarItems(items, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.SimilarItems(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.RecommendForHistory(new SparseRow([items + 5], [1f]), 5));
        Assert.Throws<ArgumentException>(() => Model.RecommendForHistory(new SparseRow([3, 1], [1f, 1f]), 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.Explain(Data.Train.UserItems.Row(0), items, 3));
    }

    [Fact]
    public void Unfitted_model_refuses_to_recommend()
    {
        var model = ModelCatalog.Create(Name, Options);
        Assert.Throws<InvalidOperationException>(() => model.Recommend(0, 5));
    }

    private static void AssertDescending(ScoredItem[] items)
    {
        for (var i = 1; i < items.Length; i++) Assert.True(items[i - 1].Score >= items[i].Score, $"position {i} is out of order");
    }
}

public sealed class PopularityContractTests : RecommenderContractTests
{
    protected override string Name => "pop";
    protected override bool CanExplain => false;
    protected override double MinimumHistoryAgreement => 1.0;
}

public sealed class ItemKnnContractTests : RecommenderContractTests
{
    protected override string Name => "itemknn";
    protected override double MinimumHistoryAgreement => 1.0;
}

public sealed class AlsContractTests : RecommenderContractTests
{
    protected override string Name => "als";
    protected override IReadOnlyDictionary<string, string> Options => new Dictionary<string, string> { ["factors"] = "16", ["iterations"] = "10", ["threads"] = "2" };
}

public sealed class UserKnnContractTests : RecommenderContractTests
{
    protected override string Name => "userknn";
    protected override bool CanExplain => false;
    protected override double MinimumHistoryAgreement => 0.5;
}

public sealed class SvdContractTests : RecommenderContractTests
{
    protected override string Name => "svd";
    protected override IReadOnlyDictionary<string, string> Options => new Dictionary<string, string> { ["factors"] = "12" };
}

public sealed class ImputedSvdContractTests : RecommenderContractTests
{
    protected override string Name => "svd";
    protected override IReadOnlyDictionary<string, string> Options => new Dictionary<string, string> { ["factors"] = "12", ["impute"] = "track-mean", ["split"] = "square-root" };
}

public sealed class GradientDescentContractTests : RecommenderContractTests
{
    protected override string Name => "gd";
    protected override IReadOnlyDictionary<string, string> Options => new Dictionary<string, string> { ["iterations"] = "100", ["learning_rate"] = "0.005" };
}

public sealed class AdaptiveGradientDescentContractTests : RecommenderContractTests
{
    protected override string Name => "gd-adaptive";
    protected override IReadOnlyDictionary<string, string> Options => new Dictionary<string, string> { ["iterations"] = "100" };
}

public sealed class SgdContractTests : RecommenderContractTests
{
    protected override string Name => "sgd";
    protected override IReadOnlyDictionary<string, string> Options => new Dictionary<string, string> { ["epochs"] = "20", ["learning_rate"] = "0.005" };
}

public sealed class GravityContractTests : RecommenderContractTests
{
    protected override string Name => "gravity";
    protected override IReadOnlyDictionary<string, string> Options => new Dictionary<string, string> { ["factors"] = "16", ["iterations"] = "200" };
}

public sealed class BprContractTests : RecommenderContractTests
{
    protected override string Name => "bpr";
    protected override IReadOnlyDictionary<string, string> Options => new Dictionary<string, string> { ["factors"] = "16", ["iterations"] = "30", ["learning_rate"] = "0.05" };

    // A history is folded in by the WALS projection, not by BPR itself: it agrees with the learnt user only roughly.
    protected override double MinimumHistoryAgreement => 0.25;
}

public sealed class BprWithGravityContractTests : RecommenderContractTests
{
    protected override string Name => "bpr";
    protected override IReadOnlyDictionary<string, string> Options => new Dictionary<string, string> { ["factors"] = "16", ["iterations"] = "30", ["learning_rate"] = "0.05", ["gravity"] = "0.5" };
    protected override double MinimumHistoryAgreement => 0.25;
}

public sealed class AlsLogBm25ContractTests : RecommenderContractTests
{
    protected override string Name => "als";
    protected override IReadOnlyDictionary<string, string> Options => new Dictionary<string, string>
    {
        ["factors"] = "16", ["iterations"] = "10", ["confidence"] = "log", ["alpha"] = "10", ["weighting"] = "bm25", ["threads"] = "1",
    };
}

public sealed class ItemKnnTfIdfContractTests : RecommenderContractTests
{
    protected override string Name => "itemknn";
    protected override IReadOnlyDictionary<string, string> Options => new Dictionary<string, string> { ["weighting"] = "tfidf", ["neighbours"] = "20" };
    protected override double MinimumHistoryAgreement => 1.0;
}

public sealed class UserKnnBlendContractTests : RecommenderContractTests
{
    protected override string Name => "userknn";
    protected override IReadOnlyDictionary<string, string> Options => new Dictionary<string, string> { ["weight"] = "blend", ["blend"] = "0.3" };
    protected override bool CanExplain => false;
    protected override double MinimumHistoryAgreement => 0.5;
}

public sealed class Rp3BetaContractTests : RecommenderContractTests
{
    protected override string Name => "rp3b";
    protected override double MinimumHistoryAgreement => 1.0;
}

public sealed class Rp3BetaNormalisedContractTests : RecommenderContractTests
{
    protected override string Name => "rp3b";
    protected override IReadOnlyDictionary<string, string> Options => new Dictionary<string, string>
    {
        ["alpha"] = "0.8", ["beta"] = "0.3", ["neighbours"] = "20", ["normalise"] = "true", ["weighting"] = "bm25",
    };
    protected override double MinimumHistoryAgreement => 1.0;
}

public sealed class EaseContractTests : RecommenderContractTests
{
    protected override string Name => "ease";
    protected override IReadOnlyDictionary<string, string> Options => new Dictionary<string, string> { ["lambda"] = "50" };
    protected override double MinimumHistoryAgreement => 1.0;
}

public sealed class BlendContractTests : RecommenderContractTests
{
    protected override string Name => "blend";
    protected override IReadOnlyDictionary<string, string> Options => new Dictionary<string, string>
    {
        ["members"] = "als,rp3b", ["weights"] = "0.4,0.6", ["als.factors"] = "16", ["als.iterations"] = "10",
    };
}

public sealed class BlendMinMaxContractTests : RecommenderContractTests
{
    protected override string Name => "blend";
    protected override IReadOnlyDictionary<string, string> Options => new Dictionary<string, string>
    {
        ["members"] = "ease,itemknn,pop", ["normalise"] = "minmax", ["ease.lambda"] = "50",
    };
    protected override double MinimumHistoryAgreement => 1.0;
}
