using OpenMrs.Recommender.Text;

namespace OpenMrs.Audio.ContentToFactors;

/// <summary>
/// Hyper-parameters of the content-to-factors network and its training (ALGORITHMS.md C: dropout, dense 512 ReLU,
/// a linear layer to the factor dimension, L2-normalised output; the clipped cosine loss; Adam 1e-3, batch 512,
/// early stopping on the validation loss with patience 5).
/// </summary>
public sealed record ContentToFactorsOptions
{
    /// <summary>Widths of the ReLU hidden layers, in order.</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [512];

    /// <summary>Dropout on the concatenated input.</summary>
    public double InputDropout { get; init; } = 0.5;

    /// <summary>Dropout after each hidden layer.</summary>
    public double HiddenDropout { get; init; } = 0.5;

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
        if (HiddenLayers.Any(w => w < 1)) throw new ArgumentException("content-factors: every hidden layer needs at least one unit");
        if (InputDropout is < 0 or >= 1 || HiddenDropout is < 0 or >= 1) throw new ArgumentException("content-factors: dropout must lie in [0, 1)");
        if (!(LearningRate > 0) || BatchSize < 1 || MaxEpochs < 1 || Patience < 1)
            throw new ArgumentException("content-factors: learning rate, batch size, epochs and patience must be positive");
        if (ValidationFraction is <= 0 or >= 1) throw new ArgumentException("content-factors: the validation fraction must lie in (0, 1)");
        Text.Validated();
        return this;
    }

    /// <summary>The options as manifest hyper-parameters.</summary>
    public IReadOnlyDictionary<string, string> Describe() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["hidden"] = string.Join("-", HiddenLayers),
        ["inputDropout"] = FormattableString.Invariant($"{InputDropout}"),
        ["hiddenDropout"] = FormattableString.Invariant($"{HiddenDropout}"),
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
