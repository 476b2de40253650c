using OpenMrs.Recommender.Numerics;
using OpenMrs.Recommender.Models.Als;
using OpenMrs.ModelStore.Formats;
using Microsoft.Extensions.Options;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models;
using OpenMrs.Training.Hosting;

namespace OpenMrs.Training.Cycles;

/// <summary>
/// Fits models from <see cref="ModelCatalog"/> with <c>Training:ModelOptions:{kind}</c> over the catalogue defaults.
/// With <see cref="TrainingOptions.WarmStart"/>, WALS starts from the previous version's item factors, mapped by
/// track id, new tracks drawn as a cold start would.
/// </summary>
public sealed class CatalogCandidateFitter(IOptions<TrainingOptions> options) : ICandidateFitter
{
    public IRecommender Fit(string kind, InteractionMatrix data, TrainedModel? previous, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var model = ModelCatalog.Create(kind, Hyperparameters(kind));
        if (options.Value.WarmStart && model is ImplicitAlsModel als && previous?.Factors?.ItemFactors is { } old
            && old.Factors == (als.Options.Factors ?? Math.Min(AlsOptions.DefaultFactors, Math.Min(data.UserCount, data.ItemCount))))
            als.InitialItemFactors = WarmStart(old, previous.Items, data.Items, als.Options);
        model.Fit(data, progress, cancellationToken);
        return model;
    }

    /// <summary>Rows of <paramref name="old"/> for the items both maps know; the seeded uniform draw for the rest. A copy: the fit overwrites it.</summary>
    public static FactorMatrix WarmStart(FactorMatrix old, IdMap oldItems, IdMap items, AlsOptions alsOptions)
    {
        var start = FactorMatrix.Uniform(items.Count, old.Factors, alsOptions.InitScale, alsOptions.Seed + 1);
        for (var i = 0; i < items.Count; i++)
            if (oldItems.TryGetIndex(items[i], out var o)) old.Row(o).CopyTo(start.Row(i));
        return start;
    }

    public IReadOnlyDictionary<string, string> Hyperparameters(string kind) =>
        options.Value.ModelOptions.TryGetValue(kind, out var o) ? o : new Dictionary<string, string>();
}
