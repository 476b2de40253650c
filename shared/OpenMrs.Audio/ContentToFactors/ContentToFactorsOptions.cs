using OpenMrs.Recommender.Text;

namespace OpenMrs.Audio.ContentToFactors;

/// <summary>The content network's shape: one MLP on the concatenated input, or C's audio and text branches merged by a joint MLP.</summary>
public enum ContentArchitecture
{
    Joint,
    Branched,
}

/// <summary>
/// Hyper-parameters of the content-to-factors network and its training (ALGORITHMS.md C: dropout, dense 512 ReLU,
/// a linear layer to the factor dimension, L2-normalised output; the clipped cosine loss; Adam 1e-3, batch 512,
/// early stopping on the validation loss with patience 5).
/// </summary>
public sealed record ContentToFactorsOptions
{
    /// <summary>
    /// Joint: one MLP on the concatenated input; branched: C's audio and text branches, then the joint layers. Joint is
    /// the default: its validation loss was lower on 4 of 5 seeds of <c>coldstart</c> (services/Training/MODELS.md).
    /// </summary>
    public ContentArchitecture Architecture { get; init; } = ContentArchitecture.Joint;

    /// <summary>Widths of the ReLU hidden layers, in order: the whole joint MLP, or the branched network's layers after the merge.</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [512];

    /// <summary>Branched: widths of the text branch's ReLU layers (C: 512, 512).</summary>
    public IReadOnlyList<int> TextLayers { get; init; } = [512, 512];

    /// <summary>Branched: widths of the audio branch's ReLU layers (C: none, the embedding is only L2-normalised).</summary>
    public IReadOnlyList<int> AudioLayers { get; init; } = [];

    /// <summary>Dropout on the input (joint) or on each branch's input (branched, a branch with layers).</summary>
    public double InputDropout { get; init; } = 0.5;

    /// <summary>Dropout after each hidden layer (joint) or each branch layer (branched).</summary>
    public double HiddenDropout { get; init; } = 0.5;

    /// <summary>Branched: dropout on the concatenated branch outputs (C: 0.7).</summary>
    public double MergeDropout { get; init; } = 0.7;

    /// <summary>Branched: in training, the chance that each branch of a track with both is dropped (never both), so tracks with one modality are learnt.</summary>
    public double MissingBranchDropout { get; init; } = 0.1;

    public double LearningRate { get; init; } = 1e-3;

    public int BatchSize { get; init; } = 512;

    /// <summary>Training stops after this many epochs at most.</summary>
    public int MaxEpochs { get; init; } = 300;

    /// <summary>Early stopping: epochs without a better validation loss before training stops; the best epoch's weights are kept.</summary>
    public int Patience { get; init; } = 5;

    /// <summary>Share of the training tracks carved out for the validation loss.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    public int Seed { get; init; } = 42;

    /// <summary>The TF-IDF text branch's options (used when no other text encoder is given).</summary>
    public TfIdfOptions Text { get; init; } = new();

    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public ContentToFactorsOptions Validated()
    {
        if (HiddenLayers.Concat(TextLayers).Concat(AudioLayers).Any(w => w < 1)) throw new ArgumentException("content-factors: every hidden layer needs at least one unit");
        if (InputDropout is < 0 or >= 1 || HiddenDropout is < 0 or >= 1 || MergeDropout is < 0 or >= 1 || MissingBranchDropout is < 0 or >= 0.5) throw new ArgumentException("content-factors: dropout must lie in [0, 1) (missing-branch dropout in [0, 0.5))");
        if (!(LearningRate > 0) || BatchSize < 1 || MaxEpochs < 1 || Patience < 1)
            throw new ArgumentException("content-factors: learning rate, batch size, epochs and patience must be positive");
        if (ValidationFraction is <= 0 or >= 1) throw new ArgumentException("content-factors: the validation fraction must lie in (0, 1)");
        Text.Validated();
        return this;
    }

    /// <summary>The options as manifest hyper-parameters.</summary>
    public IReadOnlyDictionary<string, string> Describe() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["architecture"] = Architecture.ToString().ToLowerInvariant(),
        ["hidden"] = string.Join("-", HiddenLayers),
        ["inputDropout"] = FormattableString.Invariant($"{InputDropout}"),
        ["hiddenDropout"] = FormattableString.Invariant($"{HiddenDropout}"),
        ["textLayers"] = string.Join("-", TextLayers),
        ["audioLayers"] = string.Join("-", AudioLayers),
        ["mergeDropout"] = FormattableString.Invariant($"{MergeDropout}"),
        ["missingBranchDropout"] = FormattableString.Invariant($"{MissingBranchDropout}"),
        ["learningRate"] = FormattableString.Invariant($"{LearningRate}"),
        ["batchSize"] = $"{BatchSize}",
        ["maxEpochs"] = $"{MaxEpochs}",
        ["patience"] = $"{Patience}",
        ["validationFraction"] = FormattableString.Invariant($"{ValidationFraction}"),
        ["tfidf.minDf"] = $"{Text.MinDocumentFrequency}",
        ["tfidf.maxDf"] = FormattableString.Invariant($"{Text.MaxDocumentFraction}"),
        ["tfidf.maxFeatures"] = $"{Text.MaxFeatures}",
        ["tfidf.sublinear"] = $"{Text.SublinearTf}",
    };
}
