namespace OpenMrs.Recommender.Text;

/// <summary>
/// How a <see cref="TfIdfTextEncoder"/> is fitted (scikit-learn's TfidfVectorizer names; ALGORITHMS.md C used
/// sublinear tf, max_df 0.5 and 10,000 features).
/// </summary>
/// <param name="MinDocumentFrequency">A word must occur in at least this many documents (min_df).</param>
/// <param name="MaxDocumentFraction">A word in more than this share of the documents is dropped as a stop word (max_df), in (0, 1].</param>
/// <param name="MaxFeatures">The vocabulary keeps at most this many words, the most frequent by document count.</param>
/// <param name="SublinearTf">Term frequency 1 + ln(count) instead of the raw count.</param>
public sealed record TfIdfOptions(int MinDocumentFrequency = 2, double MaxDocumentFraction = 0.5, int MaxFeatures = 10_000, bool SublinearTf = true)
{
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public TfIdfOptions Validated()
    {
        if (MinDocumentFrequency < 1) throw new ArgumentException($"tfidf: the minimum document frequency must be at least 1, not {MinDocumentFrequency}");
        if (MaxDocumentFraction is not (> 0 and <= 1)) throw new ArgumentException($"tfidf: the maximum document fraction must lie in (0, 1], not {MaxDocumentFraction}");
        if (MaxFeatures < 1) throw new ArgumentException($"tfidf: the vocabulary cap must be at least 1, not {MaxFeatures}");
        return this;
    }
}
