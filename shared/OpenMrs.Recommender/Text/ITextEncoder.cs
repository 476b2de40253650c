namespace OpenMrs.Recommender.Text;

/// <summary>
/// A fitted map from a track's text to a dense vector of fixed length, the text branch of the content-to-factors model
/// (ALGORITHMS.md C: TF-IDF; B: CBOW Word2Vec, a track being the mean of its words' vectors).
/// Implementations are immutable once fitted and safe to call from many threads.
/// </summary>
public interface ITextEncoder
{
    /// <summary>The encoder's kind as written in model files and options, e.g. "tfidf", "word2vec".</summary>
    string Name { get; }

    /// <summary>Length of every vector <see cref="Encode"/> returns.</summary>
    int Dimension { get; }

    /// <summary>The track's vector, float32 × <see cref="Dimension"/>, L2-normalised; all zeros when no word is known.</summary>
    float[] Encode(TrackText text);
}
