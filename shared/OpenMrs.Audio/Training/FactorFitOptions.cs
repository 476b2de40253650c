using OpenMrs.Audio.Models;

namespace OpenMrs.Audio.Training;

/// <summary>How <see cref="FactorFitter"/> splits, trains and stops.</summary>
public sealed record FactorFitOptions
{
    /// <summary>Optimiser, batch, learning rate and the most epochs; null = <see cref="AudioTrainingOptions.For"/> the architecture.</summary>
    public AudioTrainingOptions? Training { get; init; }
    /// <summary>Share of the tracks (not rows) held out for validation and early stopping, in [0, 0.5]; 0 trains on all and never stops early.</summary>
    public double ValidationFraction { get; init; } = 0.1;
    /// <summary>Epochs without a lower validation loss before training stops (C: 5); the best epoch's weights are kept.</summary>
    public int Patience { get; init; } = 5;
    /// <summary>Seeds the track split.</summary>
    public int Seed { get; init; } = 1;

    public void Validate()
    {
        if (ValidationFraction is < 0 or > 0.5) throw new ArgumentException($"ValidationFraction must be in [0, 0.5], got {ValidationFraction}.");
        if (Patience < 1) throw new ArgumentException($"Patience must be at least 1, got {Patience}.");
        Training?.Validate();
    }
}

/// <summary>What a fit did: per-epoch losses, the epoch whose weights were kept and its validation figures.</summary>
/// <param name="ValidationLoss">The head's loss on the validation tracks at <paramref name="BestEpoch"/> (NaN without validation).</param>
/// <param name="ValidationCosine">Mean cosine between predicted and true factors on the validation rows at the best epoch (NaN without validation).</param>
public sealed record FactorFitResult(
    int EpochsRun,
    int BestEpoch,
    bool StoppedEarly,
    double TrainLoss,
    double ValidationLoss,
    double ValidationCosine,
    int TrainTracks,
    int ValidationTracks,
    IReadOnlyList<double> TrainLosses,
    IReadOnlyList<double> ValidationLosses);
