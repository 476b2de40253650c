using System.Numerics.Tensors;

namespace OpenMrs.Recommender.Sequences;

/// <summary>
/// One GRU layer's weights in PyTorch's layout (<c>torch.nn.GRU</c>, gate order r, z, n): <c>weight_ih</c> [3H × I],
/// <c>weight_hh</c> [3H × H], <c>bias_ih</c> and <c>bias_hh</c> [3H], row-major float32.
/// </summary>
public sealed record GruLayer(int InputSize, int HiddenSize, float[] WeightIh, float[] WeightHh, float[] BiasIh, float[] BiasHh)
{
    /// <exception cref="ArgumentException">An array does not have the size its shape asks for.</exception>
    public void Validate()
    {
        var gates = 3 * HiddenSize;
        if (InputSize < 1 || HiddenSize < 1 || WeightIh.Length != gates * InputSize || WeightHh.Length != gates * HiddenSize
            || BiasIh.Length != gates || BiasHh.Length != gates)
            throw new ArgumentException($"GRU layer {InputSize}→{HiddenSize}: weight or bias sizes do not match");
    }
}

/// <summary>
/// A stacked GRU (Cho et al. 2014) followed by a linear read-out per step, evaluated in managed code so serving needs
/// no libtorch. Per layer and step, with PyTorch's equations:
/// r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz),
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h; the output is W_o h + b_o
/// (<c>OutputWeight</c> [D × H]). The initial hidden state is zero.
/// </summary>
public sealed class GruNetwork
{
    /// <exception cref="ArgumentException">The layers do not chain, or the read-out does not fit the last layer.</exception>
    public GruNetwork(IReadOnlyList<GruLayer> layers, float[] outputWeight, float[] outputBias)
    {
        if (layers.Count == 0) throw new ArgumentException("a GRU network needs at least one layer");
        for (var l = 0; l < layers.Count; l++)
        {
            layers[l].Validate();
            if (l > 0 && layers[l].InputSize != layers[l - 1].HiddenSize)
                throw new ArgumentException($"GRU layer {l} reads {layers[l].InputSize} values but layer {l - 1} gives {layers[l - 1].HiddenSize}");
        }
        var hidden = layers[^1].HiddenSize;
        if (outputBias.Length == 0 || outputWeight.Length != outputBias.Length * hidden)
            throw new ArgumentException($"GRU read-out: {outputWeight.Length} weights and {outputBias.Length} biases do not fit hidden size {hidden}");
        Layers = layers;
        OutputWeight = outputWeight;
        OutputBias = outputBias;
    }

    public IReadOnlyList<GruLayer> Layers { get; }
    public float[] OutputWeight { get; }
    public float[] OutputBias { get; }
    public int InputSize => Layers[0].InputSize;
    public int OutputSize => OutputBias.Length;

    /// <summary>The read-out after the last step of <paramref name="sequence"/> (each of length <see cref="InputSize"/>).</summary>
    /// <exception cref="ArgumentException">The sequence is empty or a step has another length.</exception>
    public float[] PredictNext(IReadOnlyList<float[]> sequence)
    {
        if (sequence.Count == 0) throw new ArgumentException("a GRU prediction needs at least one step");
        var states = Layers.Select(l => new float[l.HiddenSize]).ToArray();
        foreach (var step in sequence)
        {
            if (step.Length != InputSize) throw new ArgumentException($"a step has {step.Length} values, the network reads {InputSize}");
            var input = step;
            for (var l = 0; l < Layers.Count; l++)
            {
                Step(Layers[l], input, states[l]);
                input = states[l];
            }
        }
        var top = states[^1];
        var output = new float[OutputSize];
        for (var d = 0; d < output.Length; d++)
            output[d] = TensorPrimitives.Dot(OutputWeight.AsSpan(d * top.Length, top.Length), top) + OutputBias[d];
        return output;
    }

    private static void Step(GruLayer layer, float[] x, float[] h)
    {
        var size = layer.HiddenSize;
        var inputGates = new float[3 * size];
        var hiddenGates = new float[3 * size];
        for (var g = 0; g < 3 * size; g++)
        {
            inputGates[g] = TensorPrimitives.Dot(layer.WeightIh.AsSpan(g * layer.InputSize, layer.InputSize), x) + layer.BiasIh[g];
            hiddenGates[g] = TensorPrimitives.Dot(layer.WeightHh.AsSpan(g * size, size), h) + layer.BiasHh[g];
        }
        for (var j = 0; j < size; j++)
        {
            var r = Sigmoid(inputGates[j] + hiddenGates[j]);
            var z = Sigmoid(inputGates[size + j] + hiddenGates[size + j]);
            var n = MathF.Tanh(inputGates[2 * size + j] + r * hiddenGates[2 * size + j]);
            h[j] = (1 - z) * n + z * h[j];
        }
    }

    private static float Sigmoid(float v) => 1 / (1 + MathF.Exp(-v));
}
