namespace OpenMrs.Recommender.Content;

/// <summary>
/// One fully connected layer y = W x + b, optionally followed by ReLU. <paramref name="Weights"/> is float32
/// Outputs × Inputs, row-major (PyTorch's <c>nn.Linear.weight</c> layout), <paramref name="Bias"/> float32 × Outputs.
/// </summary>
public sealed record DenseLayer(int Inputs, int Outputs, float[] Weights, float[] Bias, bool Relu)
{
    /// <exception cref="ArgumentException">The shapes do not agree or a weight is not finite.</exception>
    public DenseLayer Validated()
    {
        if (Inputs < 1 || Outputs < 1) throw new ArgumentException($"a dense layer needs at least one input and output, not {Inputs} → {Outputs}");
        if (Weights.Length != (long)Inputs * Outputs) throw new ArgumentException($"a {Inputs} → {Outputs} layer needs {(long)Inputs * Outputs} weights, not {Weights.Length}");
        if (Bias.Length != Outputs) throw new ArgumentException($"a {Inputs} → {Outputs} layer needs {Outputs} biases, not {Bias.Length}");
        if (!Weights.All(float.IsFinite) || !Bias.All(float.IsFinite)) throw new ArgumentException("a dense layer has a non-finite weight");
        return this;
    }
}
