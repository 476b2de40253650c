using TorchSharp;
using static TorchSharp.torch;

namespace OpenMrs.Audio.Models;

/// <summary>
/// ALGORITHMS.md A: conv(32, 4 frames × all mel bands) → ReLU → max-pool 4 → conv 64 (4×1) → ReLU → pool 2 →
/// conv 64 (4×1) → ReLU → pool 4 → conv 64 (4×1) → ReLU → flatten → 128 → 32 → head.
/// A convolution spanning every band is a 1-D convolution over time with the bands as channels.
/// The embedding is the 32-unit layer's ReLU activations.
/// </summary>
public sealed class TemporalConvCnn : AudioCnn
{
    public const string ArchitectureName = "cnn-a";

    private readonly nn.Module<Tensor, Tensor> features;
    private readonly nn.Module<Tensor, Tensor> dense;

    public TemporalConvCnn(AudioCnnSpec spec) : base(ArchitectureName, spec)
    {
        if (spec.Architecture != ArchitectureName) throw new ArgumentException($"Spec is for {spec.Architecture}, not {ArchitectureName}.");
        var flattened = 64 * FramesAfterFeatures(spec.Frames);
        if (flattened <= 0) throw new ArgumentException($"{ArchitectureName} needs at least 167 frames, got {spec.Frames}.");
        features = nn.Sequential(
            ("conv1", nn.Conv1d(spec.MelBands, 32, 4)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool1d(4)),
            ("conv2", nn.Conv1d(32, 64, 4)), ("relu2", nn.ReLU()), ("pool2", nn.MaxPool1d(2)),
            ("conv3", nn.Conv1d(64, 64, 4)), ("relu3", nn.ReLU()), ("pool3", nn.MaxPool1d(4)),
            ("conv4", nn.Conv1d(64, 64, 4)), ("relu4", nn.ReLU()),
            ("flatten", nn.Flatten()));
        dense = nn.Sequential(
            ("dense1", nn.Linear(flattened, 128)), ("relu5", nn.ReLU()),
            ("dense2", nn.Linear(128, spec.EmbeddingDimension)), ("relu6", nn.ReLU()));
        RegisterComponents();
        AttachHead();
        Reinitialise(seed: null);
    }

    /// <summary>
    /// He (Kaiming) normal weights and zero biases below the head. torch's default (uniform ±1/√fan_in) shrinks the
    /// signal by about √3 per layer; through six ReLU layers the logits start nearly constant and SGD barely moves.
    /// </summary>
    protected override Tensor DrawWeight(string name, long[] shape, long fanIn, Generator? generator) =>
        name.StartsWith("head.") ? base.DrawWeight(name, shape, fanIn, generator) : randn(shape, generator: generator) * Math.Sqrt(2.0 / fanIn);

    protected override Tensor DrawBias(string name, long[] shape, long fanIn, Generator? generator) =>
        name.StartsWith("head.") ? base.DrawBias(name, shape, fanIn, generator) : zeros(shape);

    /// <summary>The default spec: 128 mel × 999 frames (≈ 23 s), 32-d embedding, tanh regression to 32 factors.</summary>
    public static AudioCnnSpec DefaultSpec(AudioHeadKind head = AudioHeadKind.TanhRegression, int outputs = 32) => new()
    {
        Architecture = ArchitectureName, Frames = 999, EmbeddingDimension = 32, Head = head, Outputs = outputs,
    };

    internal static int FramesAfterFeatures(int frames) => (((frames - 3) / 4 - 3) / 2 - 3) / 4 - 3;

    protected override Tensor EmbedScaled(Tensor input) => dense.call(features.call(input));
}
