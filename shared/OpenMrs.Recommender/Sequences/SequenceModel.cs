namespace OpenMrs.Recommender.Sequences;

/// <summary>
/// DISCO's sequence model as served: the <see cref="YeoJohnsonScaler"/> fitted on the training tracks'
/// <see cref="SequenceFeatures"/> vectors and a <see cref="GruNetwork"/> that reads a playlist's scaled vectors and
/// predicts the next track's scaled vector (trained with MAE). <see cref="ValidationMae"/> and
/// <see cref="BaselineMae"/> (repeat the last track) are the mean absolute errors per feature on the validation sessions.
/// </summary>
public sealed class SequenceModel
{
    public const string Kind = "sequence";

    /// <exception cref="ArgumentException">The scaler, the embedding size and the network's input and output do not agree.</exception>
    public SequenceModel(YeoJohnsonScaler scaler, int embeddingDimensions, GruNetwork network, double validationMae, double baselineMae)
    {
        var features = SequenceFeatures.DescriptorCount + embeddingDimensions;
        if (embeddingDimensions < 0 || scaler.Features != features || network.InputSize != features || network.OutputSize != features)
            throw new ArgumentException($"sequence model: scaler ({scaler.Features}), network ({network.InputSize}→{network.OutputSize}) and descriptors + embedding ({features}) must agree");
        (Scaler, EmbeddingDimensions, Network, ValidationMae, BaselineMae) = (scaler, embeddingDimensions, network, validationMae, baselineMae);
    }

    public YeoJohnsonScaler Scaler { get; }
    public int EmbeddingDimensions { get; }
    public GruNetwork Network { get; }
    public double ValidationMae { get; }
    public double BaselineMae { get; }
    public int Features => Scaler.Features;

    /// <summary>The predicted scaled vector of the next track after <paramref name="scaledPlaylist"/>; null when it is empty.</summary>
    public double[]? PredictNext(IReadOnlyList<double[]> scaledPlaylist)
    {
        if (scaledPlaylist.Count == 0) return null;
        var output = Network.PredictNext([.. scaledPlaylist.Select(v => v.Select(x => (float)x).ToArray())]);
        return [.. output.Select(v => (double)v)];
    }
}
