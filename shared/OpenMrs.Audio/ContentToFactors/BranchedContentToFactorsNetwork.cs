using OpenMrs.Recommender.Content;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OpenMrs.Audio.ContentToFactors;

/// <summary>
/// ALGORITHMS.md C's multimodal network (Oramas et al. 2017), for training. Input [N, audio + text]:
/// audio branch = (dropout → dense ReLU → dropout)* over <see cref="ContentToFactorsOptions.AudioLayers"/> (C: none) →
/// L2-normalise; text branch = dropout → (dense ReLU → dropout)* over <see cref="ContentToFactorsOptions.TextLayers"/>
/// → L2-normalise; merge = concat → dropout <see cref="ContentToFactorsOptions.MergeDropout"/>, then the two presence
/// flags appended → dense ReLU over <see cref="ContentToFactorsOptions.HiddenLayers"/> → dense linear → L2-normalise.
/// A branch whose input row is all zeros is absent: its output is zeroed and its flag is 0 (see <see cref="BranchedNetwork"/>).
/// In training, <see cref="ContentToFactorsOptions.MissingBranchDropout"/> drops one present branch of a track that
/// has both (never both), so the joint layers learn tracks with one modality (ModDrop, Neverova et al. 2015).
/// <see cref="ToManaged"/> gives a <see cref="BranchedNetwork"/>.
/// </summary>
public sealed class BranchedContentToFactorsNetwork : ContentNetworkModule
{
    private readonly int _audio;
    private readonly int _text;
    private readonly double _missingDropout;
    private readonly nn.Module<Tensor, Tensor> _audioBranch;
    private readonly nn.Module<Tensor, Tensor> _textBranch;
    private readonly Dropout _mergeDropout;
    private readonly nn.Module<Tensor, Tensor> _jointHidden;
    private readonly Linear _output;
    private readonly List<Linear> _audioLinears;
    private readonly List<Linear> _textLinears;
    private readonly List<Linear> _jointLinears;

    public BranchedContentToFactorsNetwork(int audio, int text, int factors, ContentToFactorsOptions options) : base(nameof(BranchedContentToFactorsNetwork))
    {
        (_audio, _text, _missingDropout) = (audio, text, options.MissingBranchDropout);
        int audioWidth, textWidth;
        if (options.AudioLayers.Count == 0) (_audioBranch, _audioLinears, audioWidth) = (nn.Identity(), new List<Linear>(), audio);
        else (_audioBranch, _audioLinears, audioWidth) = ReluStack(audio, options.AudioLayers, options.InputDropout, options.HiddenDropout);
        (_textBranch, _textLinears, textWidth) = ReluStack(text, options.TextLayers, options.InputDropout, options.HiddenDropout);
        _mergeDropout = nn.Dropout(options.MergeDropout);
        (_jointHidden, _jointLinears, var width) = ReluStack(audioWidth + textWidth + BranchedNetwork.Flags, options.HiddenLayers, 0, 0, dropoutAfterEach: false);
        _output = nn.Linear(width, factors);
        _jointLinears.Add(_output);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var audioIn = input.narrow(1, 0, _audio);
        var textIn = input.narrow(1, _audio, _text);
        var audioFlag = audioIn.ne(0).any(1, keepdim: true).to_type(ScalarType.Float32);
        var textFlag = textIn.ne(0).any(1, keepdim: true).to_type(ScalarType.Float32);
        if (training && _missingDropout > 0)
        {
            var rows = input.shape[0];
            var dropAudio = bernoulli(full(rows, 1, _missingDropout)) * textFlag;
            audioFlag = audioFlag * (1 - dropAudio);
            var dropText = bernoulli(full(rows, 1, _missingDropout)) * audioFlag;
            textFlag = textFlag * (1 - dropText);
        }
        var audio = nn.functional.normalize(_audioBranch.call(audioIn), p: 2, dim: 1) * audioFlag;
        var text = nn.functional.normalize(_textBranch.call(textIn), p: 2, dim: 1) * textFlag;
        var merged = cat([_mergeDropout.call(cat([audio, text], 1)), audioFlag, textFlag], 1);
        return nn.functional.normalize(_output.call(_jointHidden.call(merged)), p: 2, dim: 1);
    }

    public override IContentNetwork ToManaged() => new BranchedNetwork(
        new DenseNetwork(_audio, Managed(_audioLinears, reluOnLast: true)),
        new DenseNetwork(_text, Managed(_textLinears, reluOnLast: true)),
        new DenseNetwork(Managed(_jointLinears, reluOnLast: false)));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _audioBranch.Dispose();
            _textBranch.Dispose();
            _mergeDropout.Dispose();
            _jointHidden.Dispose();
            _output.Dispose();
        }
        base.Dispose(disposing);
    }
}
