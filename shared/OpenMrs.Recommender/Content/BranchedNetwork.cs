namespace OpenMrs.Recommender.Content;

/// <summary>
/// ALGORITHMS.md C's multimodal network (after Oramas et al. 2017), evaluated in managed code: the input's first
/// <see cref="Audio"/>.Inputs values go through the audio branch, the rest through the text branch, each branch
/// ending L2-normalised; then [audio branch, text branch, audio present, text present] goes through the
/// <see cref="Joint"/> MLP to the L2-normalised factor vector. A branch whose input is all zeros (the track has no
/// audio embedding, no text, or no known word) is absent: its output is zeros and its presence flag 0, so the joint
/// layer learns what a missing modality means (C has both modalities for every track and does not say).
/// Immutable and thread-safe.
/// </summary>
public sealed class BranchedNetwork : IContentNetwork
{
    /// <summary>The architecture name in options, files and manifests.</summary>
    public const string BranchedArchitecture = "branched";

    /// <summary>Presence flags appended to the two branch outputs: audio, then text.</summary>
    public const int Flags = 2;

    /// <exception cref="ArgumentException">The joint network does not take both branches' outputs plus the two flags.</exception>
    public BranchedNetwork(DenseNetwork audio, DenseNetwork text, DenseNetwork joint)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(joint);
        if (joint.Inputs != audio.Outputs + text.Outputs + Flags)
            throw new ArgumentException($"the joint network takes {joint.Inputs} inputs, but the branches give {audio.Outputs} + {text.Outputs} + {Flags} flags");
        (Audio, Text, Joint) = (audio, text, joint);
    }

    public DenseNetwork Audio { get; }

    public DenseNetwork Text { get; }

    public DenseNetwork Joint { get; }

    public string Architecture => BranchedArchitecture;

    public int Inputs => Audio.Inputs + Text.Inputs;

    public int Outputs => Joint.Outputs;

    public IEnumerable<DenseLayer> AllLayers => Audio.Layers.Concat(Text.Layers).Concat(Joint.Layers);

    /// <inheritdoc />
    public float[] Forward(ReadOnlySpan<float> input)
    {
        if (input.Length != Inputs) throw new ArgumentException($"the network takes {Inputs} inputs, not {input.Length}");
        var merged = new float[Joint.Inputs];
        var audio = input[..Audio.Inputs];
        var text = input[Audio.Inputs..];
        if (Present(audio))
        {
            Audio.Forward(audio).CopyTo(merged, 0);
            merged[^2] = 1;
        }
        if (Present(text))
        {
            Text.Forward(text).CopyTo(merged, Audio.Outputs);
            merged[^1] = 1;
        }
        return Joint.Forward(merged);
    }

    /// <summary>Whether a branch's input carries anything: any value not zero (−0 counts as zero, as in TorchSharp's <c>x != 0</c>).</summary>
    public static bool Present(ReadOnlySpan<float> input)
    {
        foreach (var value in input)
            if (value != 0) return true;
        return false;
    }
}
