using System.Numerics.Tensors;

namespace OpenMrs.Recommender.Text;

/// <summary>
/// TF-IDF of a track's words (title, artist, album, tags, description; <see cref="TrackText.Tokens"/>), the text branch
/// of the content-to-factors model (ALGORITHMS.md C). Weight of word w in a track: tf(w) · idf(w), tf = 1 + ln(count)
/// (sublinear) or the count, idf = ln((1 + n) / (1 + df(w))) + 1 (smooth idf, n documents, df documents containing w),
/// then the vector is L2-normalised. Words outside the fitted vocabulary are ignored. Immutable and thread-safe.
/// </summary>
public sealed class TfIdfTextEncoder : ITextEncoder
{
    public const string KindName = "tfidf";

    private readonly Dictionary<string, int> _index;
    private readonly string[] _words;
    private readonly float[] _idf;

    /// <summary>A fitted encoder from its vocabulary (column order) and idf weights, as a model file stores it.</summary>
    /// <exception cref="ArgumentException">The lengths differ, a word repeats or an idf is not finite and positive.</exception>
    public TfIdfTextEncoder(IReadOnlyList<string> words, IReadOnlyList<float> idf, bool sublinearTf)
    {
        if (words.Count != idf.Count) throw new ArgumentException($"tfidf: {words.Count} words but {idf.Count} idf weights");
        _words = [.. words];
        _idf = [.. idf];
        _index = new Dictionary<string, int>(_words.Length, StringComparer.Ordinal);
        for (var i = 0; i < _words.Length; i++)
        {
            if (!float.IsFinite(_idf[i]) || _idf[i] <= 0) throw new ArgumentException($"tfidf: the idf of '{_words[i]}' is {_idf[i]}, not a positive number");
            if (!_index.TryAdd(_words[i], i)) throw new ArgumentException($"tfidf: the word '{_words[i]}' appears twice in the vocabulary");
        }
        SublinearTf = sublinearTf;
    }

    public string Name => KindName;

    public int Dimension => _words.Length;

    public bool SublinearTf { get; }

    /// <summary>The vocabulary in column order.</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>The idf weight of each column.</summary>
    public IReadOnlyList<float> Idf => _idf;

    /// <summary>Fits the vocabulary and idf weights on <paramref name="corpus"/> (one document per track).</summary>
    /// <exception cref="ArgumentException">The options are out of range, or no word survives the document-frequency limits.</exception>
    public static TfIdfTextEncoder Fit(IEnumerable<TrackText> corpus, TfIdfOptions? options = null)
    {
        options = (options ?? new TfIdfOptions()).Validated();
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        var documents = 0;
        foreach (var text in corpus)
        {
            documents++;
            foreach (var word in text.Tokens().Distinct(StringComparer.Ordinal))
                documentFrequency[word] = documentFrequency.GetValueOrDefault(word) + 1;
        }
        var maxDf = options.MaxDocumentFraction * documents;
        var kept = documentFrequency
            .Where(kv => kv.Value >= options.MinDocumentFrequency && kv.Value <= maxDf)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(options.MaxFeatures)
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToList();
        if (kept.Count == 0)
            throw new ArgumentException(
                $"tfidf: no word of {documents} track text(s) occurs in at least {options.MinDocumentFrequency} and at most {options.MaxDocumentFraction:P0} of them");
        return new TfIdfTextEncoder(
            [.. kept.Select(kv => kv.Key)],
            [.. kept.Select(kv => (float)(Math.Log((1.0 + documents) / (1.0 + kv.Value)) + 1))],
            options.SublinearTf);
    }

    public float[] Encode(TrackText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var vector = new float[_words.Length];
        foreach (var token in text.Tokens())
            if (_index.TryGetValue(token, out var column)) vector[column]++;
        for (var i = 0; i < vector.Length; i++)
            if (vector[i] > 0) vector[i] = (SublinearTf ? 1 + MathF.Log(vector[i]) : vector[i]) * _idf[i];
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0) TensorPrimitives.Divide(vector, norm, vector);
        return vector;
    }
}
