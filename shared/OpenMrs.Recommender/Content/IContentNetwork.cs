namespace OpenMrs.Recommender.Content;

/// <summary>
/// The trained network of a <see cref="ContentFactorsModel"/>, evaluated in managed code: a content input
/// (audio then text, float32 × <see cref="Inputs"/>) → an L2-normalised factor vector (float32 × <see cref="Outputs"/>).
/// Implementations: <see cref="DenseNetwork"/> (one MLP on the concatenated input) and <see cref="BranchedNetwork"/>
/// (ALGORITHMS.md C's audio and text branches merged by a joint MLP). Immutable and thread-safe.
/// </summary>
public interface IContentNetwork
{
    /// <summary>The architecture's name in options, files and manifests: "joint" or "branched".</summary>
    string Architecture { get; }

    int Inputs { get; }

    int Outputs { get; }

    /// <summary>Every dense layer, in file order.</summary>
    IEnumerable<DenseLayer> AllLayers { get; }

    /// <summary>The L2-normalised output; all zeros when the last layer gives zeros.</summary>
    /// <exception cref="ArgumentException">The input's length is not <see cref="Inputs"/>.</exception>
    float[] Forward(ReadOnlySpan<float> input);
}
