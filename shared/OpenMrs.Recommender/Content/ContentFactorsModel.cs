using System.Numerics.Tensors;
using OpenMrs.Recommender.Text;

namespace OpenMrs.Recommender.Content;

/// <summary>
/// Content to factors (ALGORITHMS.md C, after van den Oord et al. 2013 and Oramas et al. 2017): predicts a track's
/// L2-normalised collaborative item factor from its content alone, so a track with no listens can be scored against
/// user factors. Input: the track's audio embedding, L2-normalised (zeros when it has none), concatenated with its
/// text vector from <see cref="Text"/> (zeros without text); then the <see cref="Network"/> (one MLP, or C's audio and
/// text branches merged by a joint MLP). Immutable and thread-safe.
/// </summary>
public sealed class ContentFactorsModel
{
    /// <summary>The model kind in the model store and on <c>models</c>.</summary>
    public const string Kind = "content-factors";

    /// <exception cref="ArgumentException">The network's input is not audio + text wide (or its audio branch not audio wide), or the audio dimension is negative.</exception>
    public ContentFactorsModel(int audioDimension, ITextEncoder text, IContentNetwork network)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(network);
        if (audioDimension < 0) throw new ArgumentException($"the audio dimension cannot be negative ({audioDimension})");
        if (network.Inputs != audioDimension + text.Dimension)
            throw new ArgumentException($"the network takes {network.Inputs} inputs, but audio ({audioDimension}) + text ({text.Dimension}) give {audioDimension + text.Dimension}");
        if (network is BranchedNetwork branched && branched.Audio.Inputs != audioDimension)
            throw new ArgumentException($"the audio branch takes {branched.Audio.Inputs} inputs, not the {audioDimension}-d audio embedding");
        AudioDimension = audioDimension;
        Text = text;
        Network = network;
    }

    /// <summary>Length of the audio embeddings the model was trained on.</summary>
    public int AudioDimension { get; }

    public ITextEncoder Text { get; }

    /// <summary>The trained network: <see cref="DenseNetwork"/> (joint) or <see cref="BranchedNetwork"/>.</summary>
    public IContentNetwork Network { get; }

    /// <summary>Length of a predicted factor vector (the WALS rank it was trained against).</summary>
    public int Factors => Network.Outputs;

    /// <summary>
    /// The network input of a track: L2-normalised <paramref name="audio"/> (its length must be <see cref="AudioDimension"/>;
    /// empty means none) followed by the text vector (zeros when <paramref name="text"/> is null).
    /// </summary>
    /// <exception cref="ArgumentException">The audio embedding has another length.</exception>
    public float[] Input(ReadOnlySpan<float> audio, TrackText? text)
    {
        if (audio.Length != 0 && audio.Length != AudioDimension)
            throw new ArgumentException($"the model was trained on {AudioDimension}-d audio embeddings, not {audio.Length}-d");
        var input = new float[Network.Inputs];
        if (audio.Length > 0)
        {
            var norm = TensorPrimitives.Norm(audio);
            if (norm > 0 && float.IsFinite(norm)) TensorPrimitives.Divide(audio, norm, input.AsSpan(0, AudioDimension));
        }
        if (text is not null) Text.Encode(text).CopyTo(input.AsSpan(AudioDimension));
        return input;
    }

    /// <summary>The predicted unit factor vector (float32 × <see cref="Factors"/>).</summary>
    /// <exception cref="ArgumentException">The audio embedding has another length.</exception>
    public float[] Predict(ReadOnlySpan<float> audio, TrackText? text) => Network.Forward(Input(audio, text));

    /// <summary>
    /// The predicted unit factor vector, or null when the track gives the network nothing to go on: no audio embedding
    /// and no word the text encoder knows. Such an all-zero input maps every track to the same vector (the biases'),
    /// which would recommend them all alike.
    /// </summary>
    /// <exception cref="ArgumentException">The audio embedding has another length.</exception>
    public float[]? PredictFromEvidence(ReadOnlySpan<float> audio, TrackText? text)
    {
        var input = Input(audio, text);
        return input.AsSpan().IndexOfAnyExcept(0f) < 0 ? null : Network.Forward(input);
    }
}
