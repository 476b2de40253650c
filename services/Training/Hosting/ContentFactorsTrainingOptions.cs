using OpenMrs.Audio.ContentToFactors;
using OpenMrs.Recommender.Text;

namespace OpenMrs.Training.Hosting;

/// <summary>Configuration section <c>Training:ContentFactors</c>: the content-to-factors model of the cold start (ALGORITHMS.md C).</summary>
public sealed class ContentFactorsTrainingOptions
{
    /// <summary>Train and publish <c>content-factors</c> after each cycle that has a factor model.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The factor model whose item factors are the targets (and whose user factors judge the candidate).</summary>
    public string FactorModel { get; set; } = "als";

    /// <summary>Tracks with both listens (factors) and features needed before a model is trained.</summary>
    public int MinTracks { get; set; } = 50;

    /// <summary>Share of those tracks held out to judge the candidate against random factors before publishing.</summary>
    public double HeldOutFraction { get; set; } = 0.1;

    /// <summary>Width of the hidden ReLU layer.</summary>
    public int Hidden { get; set; } = 512;

    public int MaxEpochs { get; set; } = 300;

    public int Patience { get; set; } = 5;

    /// <summary>TF-IDF: minimum document frequency and vocabulary cap.</summary>
    public int MinDocumentFrequency { get; set; } = 2;

    public int MaxFeatures { get; set; } = 10_000;

    public int Seed { get; set; } = 42;

    public ContentToFactorsOptions ToNetworkOptions() => new()
    {
        HiddenLayers = [Hidden],
        MaxEpochs = MaxEpochs,
        Patience = Patience,
        Seed = Seed,
        Text = new TfIdfOptions(MinDocumentFrequency: MinDocumentFrequency, MaxFeatures: MaxFeatures),
    };
}
