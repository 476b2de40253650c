using OpenMrs.Recommender.Content;
using OpenMrs.Recommender.Text;

namespace OpenMrs.Audio.ContentToFactors;

/// <summary>One training track: its audio embedding (empty when none), its text (null when none) and its item factor.</summary>
public sealed record ContentExample(string TrackId, float[] Audio, TrackText? Text, float[] Factor);

/// <summary>A fitted content-to-factors model and how its training went.</summary>
public sealed record ContentFactorsFit(ContentFactorsModel Model, ContentToFactorsHistory History);

/// <summary>
/// Fits a <see cref="ContentFactorsModel"/> end to end: the text encoder on the training tracks' texts (TF-IDF unless
/// another fit is given, e.g. Word2Vec), the inputs (<see cref="ContentFactorsModel.Input"/>), then the network
/// (<see cref="ContentToFactorsTrainer"/>) against the tracks' item factors.
/// </summary>
public static class ContentFactorsFitter
{
    /// <param name="fitText">Fits the text encoder on the training texts; null fits TF-IDF with <see cref="ContentToFactorsOptions.Text"/>.</param>
    /// <exception cref="ArgumentException">Too few examples, audio embeddings of different lengths, no text word kept, or bad options.</exception>
    public static ContentFactorsFit Fit(
        IReadOnlyList<ContentExample> examples, ContentToFactorsOptions options, Func<IEnumerable<TrackText>, ITextEncoder>? fitText = null,
        CancellationToken cancellationToken = default)
    {
        options = options.Validated();
        var audioDimension = examples.Select(e => e.Audio.Length).FirstOrDefault(d => d > 0);
        if (examples.Any(e => e.Audio.Length != 0 && e.Audio.Length != audioDimension))
            throw new ArgumentException("content-factors: the training tracks' audio embeddings differ in length");
        var texts = examples.Select(e => e.Text).OfType<TrackText>().ToList();
        var encoder = fitText is null ? TfIdfTextEncoder.Fit(texts, options.Text) : fitText(texts);
        // A placeholder network sizes the inputs; the trained one replaces it.
        var sizing = new ContentFactorsModel(audioDimension, encoder, Placeholder(audioDimension + encoder.Dimension));
        var inputs = examples.Select(e => sizing.Input(e.Audio, e.Text)).ToArray();
        var (network, history) = ContentToFactorsTrainer.Train(inputs, [.. examples.Select(e => e.Factor)], options, cancellationToken: cancellationToken);
        return new ContentFactorsFit(new ContentFactorsModel(audioDimension, encoder, network), history);
    }

    private static DenseNetwork Placeholder(int inputs) => new([new DenseLayer(inputs, 1, new float[inputs], [0f], false)]);
}
