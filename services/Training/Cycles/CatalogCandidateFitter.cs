using Microsoft.Extensions.Options;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models;
using OpenMrs.Training.Hosting;

namespace OpenMrs.Training.Cycles;

/// <summary>Fits models from <see cref="ModelCatalog"/> with <c>Training:ModelOptions:{kind}</c> over the catalogue defaults.</summary>
public sealed class CatalogCandidateFitter(IOptions<TrainingOptions> options) : ICandidateFitter
{
    public IRecommender Fit(string kind, InteractionMatrix data, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var model = ModelCatalog.Create(kind, Hyperparameters(kind));
        model.Fit(data, progress, cancellationToken);
        return model;
    }

    public IReadOnlyDictionary<string, string> Hyperparameters(string kind) =>
        options.Value.ModelOptions.TryGetValue(kind, out var o) ? o : new Dictionary<string, string>();
}
