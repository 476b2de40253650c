using OpenMrs.ModelStore.Formats;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models;

namespace OpenMrs.Training.Cycles;

/// <summary>Fits one model kind on a cycle's data. The default builds it from the model catalogue with the configured options.</summary>
public interface ICandidateFitter
{
    /// <param name="previous">The current published model of this kind, for a warm start; null for a cold fit.</param>
    /// <param name="progress">Gets the model's iterations and training loss while it fits; may be null.</param>
    /// <exception cref="ModelOptionException">Unknown kind or invalid options.</exception>
    IRecommender Fit(string kind, InteractionMatrix data, TrainedModel? previous, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken);

    /// <summary>The hyper-parameters used for <paramref name="kind"/>, for the manifest.</summary>
    IReadOnlyDictionary<string, string> Hyperparameters(string kind);
}
