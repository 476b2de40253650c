using System.Text;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Numerics;
using OpenMrs.Recommender.Persistence;

namespace OpenMrs.Recommender.Text;

/// <summary>
/// Title embeddings (ALGORITHMS.md B): CBOW Word2Vec word vectors trained over each track's title and tags as one
/// sentence (<see cref="Word2VecTrainer"/>); a track's vector is the mean of its known words' vectors, L2-normalised,
/// all zeros when no word is known. Immutable once fitted; <see cref="Save"/> and <see cref="Load"/> are its one
/// writer and reader, embeddable in another model's file.
/// </summary>
public sealed class Word2VecTextEncoder : ITextEncoder
{
    /// <summary>The encoder's kind in options and files.</summary>
    public const string Kind = "word2vec";

    private const int FormatVersion = 1;
    private readonly IdMap _vocabulary;
    private readonly FactorMatrix _vectors;
    private readonly float[] _norms;

    /// <param name="vocabulary">The known words, one per row of <paramref name="vectors"/>.</param>
    /// <param name="vectors">Word vectors, vocabulary × dimension.</param>
    public Word2VecTextEncoder(IdMap vocabulary, FactorMatrix vectors)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(vectors);
        if (vocabulary.Count != vectors.Rows)
            throw new ArgumentException($"{vocabulary.Count} words but {vectors.Rows} vectors", nameof(vectors));
        _vocabulary = vocabulary;
        _vectors = vectors;
        _norms = vectors.RowNorms();
    }

    public string Name => Kind;

    public int Dimension => _vectors.Factors;

    /// <summary>The known words, most frequent first.</summary>
    public IReadOnlyList<string> Vocabulary => _vocabulary.Ids;

    /// <summary>The words Word2Vec reads from a track: its title's then its tags' tokens, one sentence.</summary>
    public static string[] Sentence(TrackText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. TextTokenizer.Tokenize(text.Title), .. (text.Tags ?? []).SelectMany(TextTokenizer.Tokenize)];
    }

    /// <summary>Trains word vectors over the tracks' titles and tags.</summary>
    /// <exception cref="Models.ModelOptionException">An option is out of range.</exception>
    /// <exception cref="DegenerateDataException">No word occurs <see cref="Word2VecOptions.MinCount"/> times.</exception>
    public static Word2VecTextEncoder Fit(IEnumerable<TrackText> texts, Word2VecOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var (vocabulary, vectors) = Word2VecTrainer.Train([.. texts.Select(Sentence)], options ?? new Word2VecOptions(), cancellationToken);
        return new Word2VecTextEncoder(vocabulary, vectors);
    }

    /// <summary>The word's vector (a copy, length <see cref="Dimension"/>), or null for a word outside the vocabulary.</summary>
    public float[]? WordVector(string word) =>
        _vocabulary.TryGetIndex(word, out var index) ? _vectors.Row(index).ToArray() : null;

    /// <summary>The <paramref name="count"/> known words nearest to <paramref name="word"/> by cosine, nearest first, excluding the word itself; empty for an unknown word.</summary>
    public IReadOnlyList<(string Word, float Cosine)> MostSimilar(string word, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!_vocabulary.TryGetIndex(word, out var index)) return [];
        var scores = new float[_vocabulary.Count];
        Similarity.VectorSimilarity.ScoreAll(_vectors.Row(index), _vectors, _norms, Similarity.SimilarityMeasure.Cosine, scores);
        return [.. TopK.Select(scores, count, [index]).Select(s => (_vocabulary[s.Item], s.Score))];
    }

    /// <inheritdoc />
    public float[] Encode(TrackText text)
    {
        var mean = new float[Dimension];
        var known = 0;
        foreach (var word in Sentence(text))
        {
            if (!_vocabulary.TryGetIndex(word, out var index)) continue;
            VectorOps.Axpy(1f, _vectors.Row(index), mean);
            known++;
        }
        var norm = VectorOps.Norm(mean);
        if (known == 0 || norm == 0) return new float[Dimension];
        for (var d = 0; d < mean.Length; d++) mean[d] /= norm;
        return mean;
    }

    /// <summary>Writes the kind, a format version, the vocabulary and the vectors.</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(Kind);
        writer.Write(FormatVersion);
        writer.Write(_vocabulary);
        writer.Write(_vectors);
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    /// <exception cref="ModelFormatException">Not a word2vec encoder of this format version, truncated or corrupt.</exception>
    public static Word2VecTextEncoder Load(BinaryReader reader)
    {
        try
        {
            var kind = reader.ReadString();
            if (kind != Kind) throw new ModelFormatException($"expected a '{Kind}' text encoder, found '{kind}'");
            var version = reader.ReadInt32();
            if (version != FormatVersion) throw new ModelFormatException($"'{Kind}' encoder format version {version} is not supported (this build reads {FormatVersion})");
            var vocabulary = reader.ReadIdMap();
            var vectors = reader.ReadFactors();
            if (vectors.Rows != vocabulary.Count) throw new ModelFormatException($"'{Kind}' encoder has {vocabulary.Count} words but {vectors.Rows} vectors");
            if (!vectors.Data.All(float.IsFinite)) throw new ModelFormatException($"'{Kind}' encoder holds non-finite vector values");
            return new Word2VecTextEncoder(vocabulary, vectors);
        }
        catch (Exception e) when (e is IOException or DecoderFallbackException or FormatException)
        {
            throw new ModelFormatException($"'{Kind}' encoder data is truncated or corrupt", e);
        }
    }
}
