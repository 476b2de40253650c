using OpenMrs.Recommender.Data;

namespace OpenMrs.Recommender.Evaluation.Splits;

/// <summary>A split that needs only the interaction matrix (no play times): <see cref="HoldoutSplit"/>, <see cref="MsdChallengeSplit"/>.</summary>
public interface IMatrixSplit
{
    /// <summary>Two matrices of the input's shape with disjoint cells whose union is the input.</summary>
    TrainTestSplit Split(InteractionMatrix data);
}
