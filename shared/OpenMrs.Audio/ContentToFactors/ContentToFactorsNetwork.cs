using OpenMrs.Recommender.Content;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OpenMrs.Audio.ContentToFactors;

/// <summary>
/// The TorchSharp form of the content-to-factors MLP, used for training: dropout → (dense ReLU → dropout)* → dense
/// linear → L2-normalise, input [N, features] float32, output [N, factors] unit rows. <see cref="ToManaged"/> copies
/// the weights into the <see cref="DenseNetwork"/> that serving evaluates without TorchSharp.
/// </summary>
public sealed class ContentToFactorsNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers;
    private readonly Linear[] _linears;

    public ContentToFactorsNetwork(int inputs, int factors, ContentToFactorsOptions options) : base(nameof(ContentToFactorsNetwork))
    {
        var modules = new List<(string, nn.Module<Tensor, Tensor>)> { ("input_dropout", nn.Dropout(options.InputDropout)) };
        var linears = new List<Linear>();
        var width = inputs;
        for (var i = 0; i < options.HiddenLayers.Count; i++)
        {
            var linear = nn.Linear(width, options.HiddenLayers[i]);
            linears.Add(linear);
            modules.Add(($"dense{i}", linear));
            modules.Add(($"relu{i}", nn.ReLU()));
            modules.Add(($"dropout{i}", nn.Dropout(options.HiddenDropout)));
            width = options.HiddenLayers[i];
        }
        var output = nn.Linear(width, factors);
        linears.Add(output);
        modules.Add(("output", output));
        _layers = nn.Sequential(modules);
        _linears = [.. linears];
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => nn.functional.normalize(_layers.call(input), p: 2, dim: 1);

    /// <summary>ALGORITHMS.md C's loss: mean over rows of clip((1 − cos(ŷ, y)) / 2, 0, 1).</summary>
    public static Tensor Loss(Tensor predicted, Tensor target) =>
        ((1 - nn.functional.cosine_similarity(predicted, target, dim: 1)) / 2).clamp(0, 1).mean();

    /// <summary>The forward pass in eval mode, without gradients: rows of <paramref name="inputs"/> → unit factor rows.</summary>
    public float[][] Predict(float[][] inputs)
    {
        eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var output = call(ContentToFactorsTrainer.Stack(inputs)).cpu();
        var flat = output.data<float>().ToArray();
        var width = (int)output.shape[1];
        return [.. Enumerable.Range(0, inputs.Length).Select(r => flat.AsSpan(r * width, width).ToArray())];
    }

    /// <summary>A copy of the current weights as a managed network (ReLU on every layer but the last).</summary>
    public DenseNetwork ToManaged()
    {
        var layers = new DenseLayer[_linears.Length];
        for (var i = 0; i < _linears.Length; i++)
        {
            var linear = _linears[i];
            var weight = linear.weight!.detach().cpu();
            layers[i] = new DenseLayer((int)weight.shape[1], (int)weight.shape[0], weight.data<float>().ToArray(),
                linear.bias!.detach().cpu().data<float>().ToArray(), Relu: i < _linears.Length - 1);
        }
        return new DenseNetwork(layers);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _layers.Dispose();
        base.Dispose(disposing);
    }
}
