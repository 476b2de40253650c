using TorchSharp;
using static TorchSharp.torch;

namespace OpenMrs.Audio.Models;

/// <summary>
/// ALGORITHMS.md C's audio CNN: 15 s patches (96 mel × 322 frames); a first convolution spanning the whole frequency
/// axis, then 4×1 convolutions, each followed by ReLU, max-pool 4 and dropout 0.5; dense to the factor dimension
/// (200) and L2-normalised. A track is the mean of its half-overlapping patches with 15% trimmed at each end.
/// </summary>
public sealed class PatchCnn : AudioCnn
{
    public const string ArchitectureName = "cnn-c";

    private readonly nn.Module<Tensor, Tensor> features;
    private readonly nn.Module<Tensor, Tensor> dense;

    public PatchCnn(AudioCnnSpec spec) : base(ArchitectureName, spec)
    {
        if (spec.Architecture != ArchitectureName) throw new ArgumentException($"Spec is for {spec.Architecture}, not {ArchitectureName}.");
        var remaining = ((((spec.Frames - 3) / 4) - 3) / 4 - 3) / 4;
        if (remaining <= 0) throw new ArgumentException($"{ArchitectureName} needs at least 259 frames, got {spec.Frames}.");
        features = nn.Sequential(
            ("conv1", nn.Conv1d(spec.MelBands, 128, 4)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool1d(4)), ("drop1", nn.Dropout(0.5)),
            ("conv2", nn.Conv1d(128, 128, 4)), ("relu2", nn.ReLU()), ("pool2", nn.MaxPool1d(4)), ("drop2", nn.Dropout(0.5)),
            ("conv3", nn.Conv1d(128, 256, 4)), ("relu3", nn.ReLU()), ("pool3", nn.MaxPool1d(4)), ("drop3", nn.Dropout(0.5)),
            ("flatten", nn.Flatten()));
        dense = nn.Linear(256 * remaining, spec.EmbeddingDimension);
        RegisterComponents();
        AttachHead();
    }

    /// <summary>The default spec: 96 mel × 322-frame patches, 200-d L2-normalised embedding trained with the cosine loss.</summary>
    public static AudioCnnSpec DefaultSpec(AudioHeadKind head = AudioHeadKind.Cosine, int outputs = 200) => new()
    {
        Architecture = ArchitectureName, MelBands = 96, Frames = 322, Framing = AudioInputFraming.Patches,
        EmbeddingDimension = 200, Head = head, Outputs = head == AudioHeadKind.Cosine ? 200 : outputs,
    };

    protected override Tensor EmbedScaled(Tensor input) => nn.functional.normalize(dense.call(features.call(input)), p: 2, dim: 1);
}
