using OpenMrs.Recommender.Models.Als;
using OpenMrs.Recommender.Models.Blend;
using OpenMrs.Recommender.Models.Bpr;
using OpenMrs.Recommender.Models.Factorization;
using OpenMrs.Recommender.Models.Graph;
using OpenMrs.Recommender.Models.Knn;
using OpenMrs.Recommender.Models.Linear;
using OpenMrs.Recommender.Models.Popularity;
using OpenMrs.Recommender.Persistence;

namespace OpenMrs.Recommender.Models;

/// <summary>
/// Every model by name, with its hyperparameters read from string overrides. Model files name their kind, and
/// <see cref="ModelFile.Load(Stream)"/> finds the loader here.
/// </summary>
public static class ModelCatalog
{
    private sealed record Entry(string Description, Func<ModelOptions, int, IRecommender> Create, Func<BinaryReader, IRecommender> Load);

    private static readonly Dictionary<string, Entry> Entries = new(StringComparer.OrdinalIgnoreCase)
    {
        [PopularityModel.KindName] = new("items by number of listeners (by_plays=true: by total plays)",
            (o, _) => new PopularityModel(o.Bool("by_plays", false)), PopularityModel.Load),
        [ImplicitAlsModel.KindName] = new("implicit ALS (Hu–Koren–Volinsky) with a conjugate-gradient solver",
            (o, seed) => new ImplicitAlsModel(AlsOptions.From(o, seed)), ImplicitAlsModel.Load),
        [ItemKnnModel.KindName] = new("item kNN: top-K cosine neighbours per item, optional BM25/TF-IDF/binary weighting",
            (o, _) => new ItemKnnModel(ItemKnnOptions.From(o)), ItemKnnModel.Load),
        [UserKnnModel.KindName] = new("user kNN: overlap / Pearson / blend neighbours, mean-centred prediction",
            (o, _) => new UserKnnModel(UserKnnOptions.From(o)), UserKnnModel.Load),
        [SessionKnnModel.KindName] = new("session kNN (V-SKNN): rows are sessions, values play positions; neighbours of the last n tracks with recency weights",
            (o, _) => new SessionKnnModel(SessionKnnOptions.From(o)), SessionKnnModel.Load),
        [SvdModel.KindName] = new("truncated SVD (randomized), optional track-mean imputation",
            (o, seed) => new SvdModel(SvdOptions.From(o, seed)), SvdModel.Load),
        [GradientDescentModel.KindName] = new("MF by full-batch gradient descent on observed entries",
            (o, seed) => new GradientDescentModel(GradientDescentOptions.From(o, seed, adaptive: false)), GradientDescentModel.Load),
        [GradientDescentModel.AdaptiveKindName] = new("MF by full-batch gradient descent with an adaptive learning rate",
            (o, seed) => new GradientDescentModel(GradientDescentOptions.From(o, seed, adaptive: true)), GradientDescentModel.Load),
        [SgdMomentumModel.KindName] = new("MF by SGD with momentum on observed entries",
            (o, seed) => new SgdMomentumModel(SgdOptions.From(o, seed)), SgdMomentumModel.Load),
        [GravityModel.KindName] = new("regularised MF with the gravity term, on per-user normalised counts",
            (o, seed) => new GravityModel(GravityOptions.From(o, seed)), GravityModel.Load),
        [BprModel.KindName] = new("implicit SGD with negative sampling (BPR), optional gravity prior",
            (o, seed) => new BprModel(BprOptions.From(o, seed)), BprModel.Load),
        [Rp3BetaModel.KindName] = new("RP3β: three-step random walk item graph with a popularity penalty, top-K per item",
            (o, _) => new Rp3BetaModel(Rp3BetaOptions.From(o)), Rp3BetaModel.Load),
        [EaseModel.KindName] = new("EASE: closed-form dense item-item autoencoder (refuses catalogues over max_items)",
            (o, _) => new EaseModel(EaseOptions.From(o)), EaseModel.Load),
        [BlendModel.KindName] = new("weighted blend of normalised member scores (members=als,rp3b; learn=true tunes weights on a validation holdout)",
            (o, seed) => new BlendModel(BlendOptions.From(o, seed), seed), BlendModel.Load),
    };

    public static IReadOnlyCollection<string> Names => Entries.Keys;

    public static string Describe(string name) => Find(name).Description;

    /// <summary>A new, unfitted model. Unknown names and unknown or invalid options throw <see cref="ModelOptionException"/>.</summary>
    public static IRecommender Create(string name, IReadOnlyDictionary<string, string>? options = null, int seed = 42)
    {
        var entry = Find(name);
        var reader = new ModelOptions(options);
        var model = entry.Create(reader, seed);
        reader.ThrowOnUnused(name);
        return model;
    }

    internal static IRecommender Load(string kind, BinaryReader reader)
    {
        if (!Entries.TryGetValue(kind, out var entry)) throw new ModelFormatException($"model file holds an unknown model kind '{kind}'");
        return entry.Load(reader);
    }

    private static Entry Find(string name) =>
        Entries.TryGetValue(name, out var entry)
            ? entry
            : throw new ModelOptionException($"unknown model '{name}'; known: {string.Join(", ", Entries.Keys)}");
}
