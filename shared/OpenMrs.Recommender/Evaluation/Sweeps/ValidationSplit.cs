using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Evaluation.Splits;

namespace OpenMrs.Recommender.Evaluation.Sweeps;

/// <summary>
/// A validation split carved from the <b>training</b> part only: hyperparameters are chosen by fitting on
/// <see cref="Fit"/> and scoring on <see cref="Validation"/>, so the test part never takes part in a choice.
/// It is the only thing <see cref="HyperparameterSweep.Choose"/> accepts.
/// </summary>
public sealed class ValidationSplit
{
    private ValidationSplit(TrainTestSplit parts, int droppedColdCells)
    {
        Parts = parts;
        DroppedColdCells = droppedColdCells;
    }

    /// <summary>Train minus validation (to fit on) and the validation cells (to score on), with the validation users.</summary>
    public TrainTestSplit Parts { get; }

    public InteractionMatrix Fit => Parts.Train;
    public InteractionMatrix Validation => Parts.Test;

    /// <summary>Validation cells dropped because their item has no plays left in <see cref="Fit"/>.</summary>
    public int DroppedColdCells { get; }

    /// <summary>
    /// Splits <paramref name="train"/> with <paramref name="split"/> (use the test split's kind with its own seed).
    /// Unless <paramref name="keepColdItems"/>, validation cells whose item has no plays left in the fit part are
    /// dropped, as the evaluation does for test cells.
    /// </summary>
    public static ValidationSplit Carve(InteractionMatrix train, IMatrixSplit split, bool keepColdItems = false)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(split);
        var parts = split.Split(train);
        if (keepColdItems) return new ValidationSplit(parts, 0);
        var (warm, dropped) = parts.WithoutColdTestItems();
        return new ValidationSplit(warm, dropped);
    }
}
