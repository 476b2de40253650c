using TorchSharp;
using static TorchSharp.torch;

namespace OpenMrs.Audio.Models;

/// <summary>
/// A CNN over log-mel spectrograms [batch, mels, frames] (dB). <see cref="Embed"/> gives the track embedding
/// (the penultimate representation); <see cref="forward"/> adds the training head of <see cref="AudioCnnSpec.Head"/>.
/// </summary>
public abstract class AudioCnn : nn.Module<Tensor, Tensor>
{
    private nn.Module<Tensor, Tensor>? _head;

    protected AudioCnn(string name, AudioCnnSpec spec) : base(name)
    {
        spec.Validate();
        Spec = spec;
    }

    public AudioCnnSpec Spec { get; }

    /// <summary>Embeddings [batch, EmbeddingDimension] from log-mel [batch, MelBands, Frames].</summary>
    public Tensor Embed(Tensor logMel)
    {
        CheckInput(logMel);
        using var scope = NewDisposeScope();
        var scaled = (logMel - Spec.InputOffsetDb) / Spec.InputScaleDb;
        return EmbedScaled(scaled).MoveToOuterDisposeScope();
    }

    /// <summary>The training head's output: tanh regression, class log-probabilities or the normalised embedding.</summary>
    public override Tensor forward(Tensor logMel)
    {
        using var scope = NewDisposeScope();
        var embedding = Embed(logMel);
        return (_head is null ? embedding : _head.call(embedding)).MoveToOuterDisposeScope();
    }

    /// <summary>Mean loss of head outputs against targets: float [batch, Outputs] for regression/cosine, int64 [batch] for classes.</summary>
    public Tensor Loss(Tensor output, Tensor target) => AudioHeadLoss.Compute(Spec.Head, output, target);

    /// <summary>The architecture's embedding network on inputs already scaled to about [−2, 2].</summary>
    protected abstract Tensor EmbedScaled(Tensor input);

    /// <summary>Called by each architecture's constructor after RegisterComponents.</summary>
    protected void AttachHead()
    {
        _head = Spec.Head switch
        {
            AudioHeadKind.TanhRegression => nn.Sequential(("linear", nn.Linear(Spec.EmbeddingDimension, Spec.Outputs)), ("tanh", nn.Tanh())),
            AudioHeadKind.Classification => nn.Sequential(("linear", nn.Linear(Spec.EmbeddingDimension, Spec.Outputs)), ("log_softmax", nn.LogSoftmax(1))),
            _ => null,
        };
        if (_head is not null) register_module("head", _head);
    }

    private void CheckInput(Tensor logMel)
    {
        if (logMel.dim() != 3 || logMel.shape[1] != Spec.MelBands || logMel.shape[2] != Spec.Frames)
            throw new ArgumentException(
                $"{Spec.Architecture} expects log-mel [batch, {Spec.MelBands}, {Spec.Frames}], got [{string.Join(", ", logMel.shape)}].", nameof(logMel));
    }
}
