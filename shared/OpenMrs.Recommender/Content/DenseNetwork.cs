using System.Numerics.Tensors;

namespace OpenMrs.Recommender.Content;

/// <summary>
/// A trained multilayer perceptron evaluated in managed code (System.Numerics.Tensors), so serving needs no TorchSharp:
/// the layers in order, then the output L2-normalised (ALGORITHMS.md C's last step). Dropout is the identity at
/// inference and has no weights, so it does not appear here. Immutable and thread-safe.
/// </summary>
public sealed class DenseNetwork
{
    private readonly DenseLayer[] _layers;

    /// <exception cref="ArgumentException">No layer, a layer's shapes are wrong, or one layer's outputs are not the next one's inputs.</exception>
    public DenseNetwork(IReadOnlyList<DenseLayer> layers)
    {
        if (layers.Count == 0) throw new ArgumentException("a dense network needs at least one layer");
        _layers = [.. layers.Select(l => l.Validated())];
        for (var i = 1; i < _layers.Length; i++)
            if (_layers[i].Inputs != _layers[i - 1].Outputs)
                throw new ArgumentException($"layer {i} takes {_layers[i].Inputs} inputs but layer {i - 1} gives {_layers[i - 1].Outputs}");
    }

    public IReadOnlyList<DenseLayer> Layers => _layers;

    public int Inputs => _layers[0].Inputs;

    public int Outputs => _layers[^1].Outputs;

    /// <summary>The L2-normalised output (float32 × <see cref="Outputs"/>; all zeros when the last layer gives zeros).</summary>
    /// <exception cref="ArgumentException">The input's length is not <see cref="Inputs"/>.</exception>
    public float[] Forward(ReadOnlySpan<float> input)
    {
        if (input.Length != Inputs) throw new ArgumentException($"the network takes {Inputs} inputs, not {input.Length}");
        var current = input.ToArray();
        foreach (var layer in _layers)
        {
            var next = new float[layer.Outputs];
            var weights = layer.Weights.AsSpan();
            for (var o = 0; o < next.Length; o++)
                next[o] = TensorPrimitives.Dot(weights.Slice(o * layer.Inputs, layer.Inputs), current) + layer.Bias[o];
            if (layer.Relu) TensorPrimitives.Max(next, 0f, next);
            current = next;
        }
        var norm = TensorPrimitives.Norm(current);
        if (norm > 0) TensorPrimitives.Divide(current, norm, current);
        return current;
    }
}
