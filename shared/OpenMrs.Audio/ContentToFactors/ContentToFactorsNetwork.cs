using OpenMrs.Recommender.Content;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OpenMrs.Audio.ContentToFactors;

/// <summary>
/// The joint content-to-factors MLP on the concatenated audio and text input: dropout → (dense ReLU → dropout)* →
/// dense linear → L2-normalise. <see cref="ToManaged"/> gives a <see cref="DenseNetwork"/>.
/// </summary>
public sealed class ContentToFactorsNetwork : ContentNetworkModule
{
    private readonly nn.Module<Tensor, Tensor> _hidden;
    private readonly Linear _output;
    private readonly List<Linear> _linears;

    public ContentToFactorsNetwork(int inputs, int factors, ContentToFactorsOptions options) : base(nameof(ContentToFactorsNetwork))
    {
        (_hidden, _linears, var width) = ReluStack(inputs, options.HiddenLayers, options.InputDropout, options.HiddenDropout);
        _output = nn.Linear(width, factors);
        _linears.Add(_output);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => nn.functional.normalize(_output.call(_hidden.call(input)), p: 2, dim: 1);

    /// <summary>A copy of the current weights (ReLU on every layer but the last).</summary>
    public override IContentNetwork ToManaged() => new DenseNetwork(Managed(_linears, reluOnLast: false));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hidden.Dispose();
            _output.Dispose();
        }
        base.Dispose(disposing);
    }
}
