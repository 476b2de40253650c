using OpenMrs.Recommender.Content;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OpenMrs.Audio.ContentToFactors;

/// <summary>
/// The TorchSharp form of a content-to-factors network, used for training: input [N, audio + text] float32, output
/// [N, factors] unit rows. <see cref="ToManaged"/> copies the weights into the <see cref="IContentNetwork"/> that serving
/// evaluates without TorchSharp. Implementations: <see cref="ContentToFactorsNetwork"/> (joint) and
/// <see cref="BranchedContentToFactorsNetwork"/> (ALGORITHMS.md C's branches).
/// </summary>
public abstract class ContentNetworkModule(string name) : nn.Module<Tensor, Tensor>(name)
{
    /// <summary>A copy of the current weights as a managed network.</summary>
    public abstract IContentNetwork ToManaged();

    /// <summary>Builds the network of <paramref name="options"/>' architecture.</summary>
    /// <param name="audio">The leading audio part of the input (the branched network splits there).</param>
    /// <exception cref="ArgumentException">The branched network is asked for without both an audio and a text part.</exception>
    public static ContentNetworkModule Create(int inputs, int audio, int factors, ContentToFactorsOptions options) => options.Architecture switch
    {
        ContentArchitecture.Branched when audio < 1 || audio >= inputs =>
            throw new ArgumentException($"content-factors: the branched network needs both audio and text inputs, not {audio} audio of {inputs}"),
        ContentArchitecture.Branched => new BranchedContentToFactorsNetwork(audio, inputs - audio, factors, options),
        _ => new ContentToFactorsNetwork(inputs, factors, options),
    };

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

    /// <summary>The linear layers' current weights as managed layers; ReLU on every layer, or on all but the last.</summary>
    protected static DenseLayer[] Managed(IReadOnlyList<Linear> linears, bool reluOnLast)
    {
        var layers = new DenseLayer[linears.Count];
        for (var i = 0; i < linears.Count; i++)
        {
            var weight = linears[i].weight!.detach().cpu();
            layers[i] = new DenseLayer((int)weight.shape[1], (int)weight.shape[0], weight.data<float>().ToArray(),
                linears[i].bias!.detach().cpu().data<float>().ToArray(), Relu: reluOnLast || i < linears.Count - 1);
        }
        return layers;
    }

    /// <summary>(dropout → dense ReLU)… as one module, with its linear layers; dropout before the first layer and after each.</summary>
    protected static (nn.Module<Tensor, Tensor> Module, List<Linear> Linears, int Width) ReluStack(
        int inputs, IReadOnlyList<int> widths, double inputDropout, double hiddenDropout, bool dropoutAfterEach = true)
    {
        var modules = new List<(string, nn.Module<Tensor, Tensor>)> { ("input_dropout", nn.Dropout(inputDropout)) };
        var linears = new List<Linear>();
        var width = inputs;
        for (var i = 0; i < widths.Count; i++)
        {
            var linear = nn.Linear(width, widths[i]);
            linears.Add(linear);
            modules.Add(($"dense{i}", linear));
            modules.Add(($"relu{i}", nn.ReLU()));
            if (dropoutAfterEach) modules.Add(($"dropout{i}", nn.Dropout(hiddenDropout)));
            width = widths[i];
        }
        return (nn.Sequential(modules), linears, width);
    }
}
