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

    /// <summary>
    /// Re-draws every parameter from its own generator seeded with <paramref name="seed"/> (torch's global generator when
    /// null), so the same seed gives the same weights whatever else in the process draws random numbers. Weights and biases
    /// follow <see cref="DrawWeight"/>/<see cref="DrawBias"/>; batch-norm scales start at 1 and shifts at 0.
    /// </summary>
    public void Reinitialise(int? seed)
    {
        using var noGrad = no_grad();
        using var generator = seed is { } value ? new Generator((ulong)value) : null;
        var parameters = named_parameters().ToList();
        var fanIns = parameters.Where(p => p.name.EndsWith(".weight") && p.parameter.dim() >= 2)
            .ToDictionary(p => p.name[..^"weight".Length], p => FanIn(p.parameter));
        foreach (var (name, parameter) in parameters)
        {
            using var scope = NewDisposeScope();
            var owner = name[..(name.LastIndexOf('.') + 1)];
            if (parameter.dim() >= 2) parameter.copy_(DrawWeight(name, parameter.shape, fanIns[owner], generator));
            else if (!fanIns.TryGetValue(owner, out var fanIn)) parameter.copy_(name.EndsWith(".weight") ? ones_like(parameter) : zeros_like(parameter));
            else parameter.copy_(DrawBias(name, parameter.shape, fanIn, generator));
        }
    }

    /// <summary>torch's default for convolutions and linear layers: uniform in ±1/√fan_in.</summary>
    protected virtual Tensor DrawWeight(string name, long[] shape, long fanIn, Generator? generator) =>
        (rand(shape, generator: generator) * 2 - 1) / Math.Sqrt(fanIn);

    /// <summary>torch's default for biases: uniform in ±1/√fan_in of the layer.</summary>
    protected virtual Tensor DrawBias(string name, long[] shape, long fanIn, Generator? generator) =>
        (rand(shape, generator: generator) * 2 - 1) / Math.Sqrt(fanIn);

    private static long FanIn(Tensor weight) => weight.shape.Skip(1).Aggregate(1L, (a, b) => a * b);

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
