using TorchSharp;
using static TorchSharp.torch;

namespace OpenMrs.Audio.Models;

/// <summary>The loss of each head kind (mean over the batch).</summary>
public static class AudioHeadLoss
{
    public static Tensor Compute(AudioHeadKind head, Tensor output, Tensor target) => head switch
    {
        AudioHeadKind.TanhRegression => nn.functional.mse_loss(output, target.to(output.dtype)),
        AudioHeadKind.Classification => nn.functional.nll_loss(output, target.to(int64)),
        AudioHeadKind.Cosine => CosineDistance(output, target.to(output.dtype)),
        _ => throw new ArgumentOutOfRangeException(nameof(head), head, "Unknown head."),
    };

    /// <summary>clip((1 − cos(ŷ, y)) / 2, 0, 1), averaged: 0 for identical directions, 1 for opposite ones.</summary>
    public static Tensor CosineDistance(Tensor predicted, Tensor target)
    {
        using var scope = NewDisposeScope();
        var cos = nn.functional.cosine_similarity(predicted, target, dim: 1);
        return ((1 - cos) / 2).clamp(0, 1).mean().MoveToOuterDisposeScope();
    }
}
