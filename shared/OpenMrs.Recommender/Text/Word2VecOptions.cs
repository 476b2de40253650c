using OpenMrs.Recommender.Models;

namespace OpenMrs.Recommender.Text;

/// <summary>
/// Hyperparameters of CBOW Word2Vec with negative sampling (Mikolov et al. 2013, "Efficient Estimation of Word
/// Representations in Vector Space" and "Distributed Representations of Words and Phrases"), defaults from
/// ALGORITHMS.md B (window 3, 50 dimensions) and word2vec.c's CBOW settings otherwise.
/// </summary>
public sealed record Word2VecOptions
{
    /// <summary>Length of every word vector (and so of a track's vector).</summary>
    public int Dimensions { get; init; } = 50;

    /// <summary>Largest distance from the predicted word to a context word; each position draws its window uniformly from 1..Window, as word2vec.c does.</summary>
    public int Window { get; init; } = 3;

    /// <summary>Words seen fewer times than this over the corpus are dropped from the vocabulary (and ignored when encoding).</summary>
    public int MinCount { get; init; } = 2;

    /// <summary>Noise words drawn from the unigram^0.75 table per predicted word.</summary>
    public int Negative { get; init; } = 5;

    /// <summary>Passes over the corpus; titles are short, so more than word2vec.c's 5.</summary>
    public int Epochs { get; init; } = 15;

    /// <summary>Starting learning rate α₀ (word2vec.c's CBOW default); it decays linearly to α₀·10⁻⁴ over all passes.</summary>
    public float LearningRate { get; init; } = 0.05f;

    /// <summary>Subsampling threshold t: a word of corpus frequency f is kept with probability (√(f/t) + 1)·t/f; 0 keeps every word.</summary>
    public double Subsample { get; init; } = 1e-3;

    /// <summary>Seed of the initial vectors, window draws, subsampling, negatives and sentence order; training is single-threaded, so a seed gives one result.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Throws <see cref="ModelOptionException"/> naming the first out-of-range option.</summary>
    public void Validate()
    {
        Require(Dimensions is >= 1 and <= 4096, "dimensions", Dimensions, "between 1 and 4096");
        Require(Window is >= 1 and <= 100, "window", Window, "between 1 and 100");
        Require(MinCount >= 1, "min_count", MinCount, "at least 1");
        Require(Negative is >= 1 and <= 100, "negative", Negative, "between 1 and 100");
        Require(Epochs is >= 1 and <= 10_000, "epochs", Epochs, "between 1 and 10000");
        Require(float.IsFinite(LearningRate) && LearningRate is > 0 and <= 1, "learning_rate", LearningRate, "in (0, 1]");
        Require(double.IsFinite(Subsample) && Subsample is >= 0 and < 1, "subsample", Subsample, "in [0, 1)");
    }

    /// <summary>Reads string options (<c>dimensions, window, min_count, negative, epochs, learning_rate, subsample</c>); absent keys keep the defaults.</summary>
    public static Word2VecOptions From(ModelOptions o, int seed)
    {
        var d = new Word2VecOptions();
        var options = new Word2VecOptions
        {
            Dimensions = o.Int("dimensions", d.Dimensions),
            Window = o.Int("window", d.Window),
            MinCount = o.Int("min_count", d.MinCount),
            Negative = o.Int("negative", d.Negative),
            Epochs = o.Int("epochs", d.Epochs),
            LearningRate = o.Float("learning_rate", d.LearningRate),
            Subsample = o.Float("subsample", (float)d.Subsample),
            Seed = seed,
        };
        options.Validate();
        return options;
    }

    private static void Require(bool ok, string name, object value, string range)
    {
        if (!ok) throw new ModelOptionException($"word2vec option '{name}' must be {range}, got {value}");
    }
}
