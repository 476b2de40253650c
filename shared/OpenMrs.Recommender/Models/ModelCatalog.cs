using OpenMrs.Recommender.Models.Als;
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
