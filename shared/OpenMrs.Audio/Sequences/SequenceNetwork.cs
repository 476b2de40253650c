using OpenMrs.Recommender.Sequences;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenMrs.Audio.Sequences;

/// <summary>
/// The trainable form of DISCO's sequence model: a stacked <c>nn.GRU</c> (batch first) and a linear read-out per
/// step, input [batch, steps, features] → output [batch, steps, features]. <see cref="ToManaged"/> copies the weights
/// into a <see cref="GruNetwork"/>, which serving evaluates without libtorch.
/// </summary>
public sealed class SequenceNetwork : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.GRU _gru;
    private readonly TorchSharp.Modules.Linear _readOut;

    public SequenceNetwork(int features, int hidden, int layers) : base(nameof(SequenceNetwork))
    {
        (Features, Hidden, LayerCount) = (features, hidden, layers);
        _gru = nn.GRU(features, hidden, numLayers: layers, batchFirst: true);
        _readOut = nn.Linear(hidden, features);
        RegisterComponents();
    }

    public int Features { get; }
    public int Hidden { get; }
    public int LayerCount { get; }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var (output, _) = _gru.call(input);
        return _readOut.call(output).MoveToOuterDisposeScope();
    }

    /// <summary>The same network as managed float32 arrays (PyTorch's parameter layout).</summary>
    public GruNetwork ToManaged()
    {
        var parameters = _gru.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        float[] Copy(Tensor t) => t.detach().cpu().contiguous().data<float>().ToArray();
        var layers = Enumerable.Range(0, LayerCount).Select(l => new GruLayer(
            l == 0 ? Features : Hidden, Hidden,
            Copy(parameters[$"weight_ih_l{l}"]), Copy(parameters[$"weight_hh_l{l}"]),
            Copy(parameters[$"bias_ih_l{l}"]), Copy(parameters[$"bias_hh_l{l}"]))).ToList();
        return new GruNetwork(layers, Copy(_readOut.weight), Copy(_readOut.bias!));
    }
}
