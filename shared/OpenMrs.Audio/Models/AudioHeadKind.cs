namespace OpenMrs.Audio.Models;

/// <summary>The training head on top of a CNN's embedding.</summary>
public enum AudioHeadKind
{
    /// <summary>Linear → tanh, MSE against targets scaled into (−1, 1) (A: regression to collaborative factors).</summary>
    TanhRegression,
    /// <summary>Linear → log-softmax, NLL over class indices.</summary>
    Classification,
    /// <summary>The L2-normalised embedding itself, loss clip((1 − cos)/2, 0, 1) against the targets (C: factor prediction).</summary>
    Cosine,
}
