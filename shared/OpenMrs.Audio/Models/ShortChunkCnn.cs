using TorchSharp;
using static TorchSharp.torch;

namespace OpenMrs.Audio.Models;

/// <summary>
/// The default model: a small 2-D CNN in the style of the short-chunk CNN (Won et al., 2020). Four blocks of
/// 3×3 convolution → batch norm → ReLU → 2×2 max-pool (16, 32, 64, 128 channels) over the log-mel image, then global
/// average and max pooling over frequency and time (any input length), concatenated → linear → 128-d embedding.
/// See MODELS.md for why this is the default.
/// </summary>
public sealed class ShortChunkCnn : AudioCnn
{
    public const string ArchitectureName = "cnn-m";
    private static readonly int[] Channels = [16, 32, 64, 128];

    private readonly nn.Module<Tensor, Tensor> blocks;
    private readonly nn.Module<Tensor, Tensor> projection;

    public ShortChunkCnn(AudioCnnSpec spec) : base(ArchitectureName, spec)
    {
        if (spec.Architecture != ArchitectureName) throw new ArgumentException($"Spec is for {spec.Architecture}, not {ArchitectureName}.");
        if (spec.MelBands < 16 || spec.Frames < 16) throw new ArgumentException($"{ArchitectureName} needs at least 16 mel bands and 16 frames.");
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var inChannels = 1;
        for (var b = 0; b < Channels.Length; b++)
        {
            layers.Add(($"conv{b + 1}", nn.Conv2d(inChannels, Channels[b], 3, padding: 1, bias: false)));
            layers.Add(($"bn{b + 1}", nn.BatchNorm2d(Channels[b])));
            layers.Add(($"relu{b + 1}", nn.ReLU()));
            layers.Add(($"pool{b + 1}", nn.MaxPool2d(2)));
            inChannels = Channels[b];
        }
        blocks = nn.Sequential(layers);
        projection = nn.Sequential(("linear", nn.Linear(2 * inChannels, spec.EmbeddingDimension)), ("bn", nn.BatchNorm1d(spec.EmbeddingDimension)));
        RegisterComponents();
        AttachHead();
    }

    /// <summary>The default spec: 128 mel × 1292 frames (30 s), 128-d embedding, classification head over 50 tags.</summary>
    public static AudioCnnSpec DefaultSpec(AudioHeadKind head = AudioHeadKind.Classification, int outputs = 50) => new()
    {
        Architecture = ArchitectureName, Frames = 1292, EmbeddingDimension = 128, Head = head,
        Outputs = head == AudioHeadKind.Cosine ? 128 : outputs,
    };

    protected override Tensor EmbedScaled(Tensor input)
    {
        using var scope = NewDisposeScope();
        var maps = blocks.call(input.unsqueeze(1));
        var pooled = cat([maps.mean([2, 3]), maps.amax([2, 3])], 1);
        return projection.call(pooled).MoveToOuterDisposeScope();
    }
}
