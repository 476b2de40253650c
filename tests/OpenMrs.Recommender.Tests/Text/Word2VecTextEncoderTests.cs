using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Persistence;
using OpenMrs.Recommender.Similarity;
using OpenMrs.Recommender.Text;

namespace OpenMrs.Recommender.Tests.Text;

public sealed class Word2VecTextEncoderTests
{
    private const int Groups = 5;
    private const int SynonymsPerGroup = 4;
    private const int ContextsPerGroup = 3;

    private static string Synonym(int group, int j) => $"syn{(char)('a' + group)}{(char)('a' + j)}";
    private static string ContextWord(int group, int j) => $"ctx{(char)('a' + group)}{(char)('a' + j)}";
    private static readonly string[] Fillers = ["the", "live", "remix", "edit", "version", "mix"];

    /// <summary>
    /// Planted synonyms: every title of a group holds its group's context words and exactly one of its synonyms, so
    /// two synonyms never appear together but share every context; filler words are shared by all groups.
    /// </summary>
    private static List<TrackText> SynonymCorpus(int tracks = 800, int seed = 3)
    {
        var random = new Random(seed);
        var texts = new List<TrackText>();
        for (var t = 0; t < tracks; t++)
        {
            var group = t % Groups;
            var words = Enumerable.Range(0, ContextsPerGroup).Select(j => ContextWord(group, j)).OrderBy(_ => random.Next()).ToList();
            words.Insert(random.Next(words.Count + 1), Synonym(group, random.Next(SynonymsPerGroup)));
            if (random.NextDouble() < 0.5) words.Insert(random.Next(words.Count + 1), Fillers[random.Next(Fillers.Length)]);
            var tags = random.NextDouble() < 0.5 ? new[] { words[^1] } : null;
            texts.Add(new TrackText(string.Join(' ', tags is null ? words : words[..^1]), $"Artist {t}", Tags: tags));
        }
        return texts;
    }

    // Forty-one words in all: each is "frequent" by word2vec's threshold, so subsampling would drop most of the corpus.
    private static readonly Word2VecOptions Unsampled = new() { Subsample = 0 };

    [Fact]
    public void Each_synonyms_nearest_neighbours_are_its_planted_group()
    {
        var encoder = Word2VecTextEncoder.Fit(SynonymCorpus(), Unsampled);
        for (var g = 0; g < Groups; g++)
        {
            var group = Enumerable.Range(0, SynonymsPerGroup).Select(j => Synonym(g, j)).ToHashSet();
            foreach (var word in group)
            {
                var neighbours = encoder.MostSimilar(word, SynonymsPerGroup - 1).Select(n => n.Word).ToList();
                Assert.True(group.SetEquals(neighbours.Append(word)), $"{word}'s neighbours: {string.Join(", ", neighbours)}");
            }
        }
    }

    [Fact]
    public void Synonyms_that_never_share_a_title_are_closer_to_each_other_than_to_any_other_groups_synonym()
    {
        var encoder = Word2VecTextEncoder.Fit(SynonymCorpus(), Unsampled);
        float Cos(string a, string b) => VectorSimilarity.Compute(encoder.WordVector(a), encoder.WordVector(b), SimilarityMeasure.Cosine);
        for (var g = 0; g < Groups; g++)
            for (var i = 0; i < SynonymsPerGroup; i++)
            {
                var word = Synonym(g, i);
                var weakestWithin = Enumerable.Range(0, SynonymsPerGroup).Where(j => j != i).Min(j => Cos(word, Synonym(g, j)));
                var strongestOutside = Enumerable.Range(0, Groups).Where(h => h != g)
                    .SelectMany(h => Enumerable.Range(0, SynonymsPerGroup).Select(j => Cos(word, Synonym(h, j)))).Max();
                Assert.True(weakestWithin > strongestOutside, $"{word}: within {weakestWithin:F3}, outside {strongestOutside:F3}");
            }
    }

    [Fact]
    public void A_tracks_vector_is_the_normalised_mean_of_its_known_words_and_tracks_of_a_group_are_alike()
    {
        var encoder = Word2VecTextEncoder.Fit(SynonymCorpus(), Unsampled);
        var text = new TrackText("SYNBA ctxbb", "Nobody", Tags: ["unheard-of", "CTXBC"]);
        var expected = new float[encoder.Dimension];
        foreach (var word in new[] { "synba", "ctxbb", "ctxbc" })
        {
            var vector = encoder.WordVector(word)!;
            for (var d = 0; d < expected.Length; d++) expected[d] += vector[d];
        }
        var norm = MathF.Sqrt(expected.Sum(v => v * v));
        var encoded = encoder.Encode(text);
        Assert.Equal(50, encoded.Length);
        for (var d = 0; d < expected.Length; d++) Assert.Equal(expected[d] / norm, encoded[d], 5);

        var sameGroup = encoder.Encode(new TrackText("synbd", "Other"));
        var otherGroup = encoder.Encode(new TrackText("synca ctxca", "Other"));
        Assert.True(Dot(encoded, sameGroup) > Dot(encoded, otherGroup) + 0.3f);
    }

    [Fact]
    public void Unknown_words_encode_to_zeros()
    {
        var encoder = Word2VecTextEncoder.Fit(SynonymCorpus(tracks: 200));
        Assert.All(encoder.Encode(new TrackText("never seen", "Synaa", Album: "ctxaa", Tags: ["nothing"])), v => Assert.Equal(0f, v));
        Assert.All(encoder.Encode(new TrackText("", "")), v => Assert.Equal(0f, v));
        Assert.Null(encoder.WordVector("never"));
        Assert.Empty(encoder.MostSimilar("never", 3));
    }

    [Fact]
    public void The_same_seed_gives_the_same_vectors_and_another_seed_does_not()
    {
        var corpus = SynonymCorpus(tracks: 300);
        var first = Word2VecTextEncoder.Fit(corpus, new Word2VecOptions { Seed = 9 });
        var second = Word2VecTextEncoder.Fit(corpus, new Word2VecOptions { Seed = 9 });
        var other = Word2VecTextEncoder.Fit(corpus, new Word2VecOptions { Seed = 10 });
        Assert.Equal(first.Vocabulary, second.Vocabulary);
        foreach (var word in first.Vocabulary) Assert.Equal(first.WordVector(word), second.WordVector(word));
        Assert.NotEqual(first.WordVector("synaa"), other.WordVector("synaa"));
    }

    [Fact]
    public void Saved_and_loaded_encoders_encode_identically_and_corrupt_data_is_a_format_error()
    {
        var encoder = Word2VecTextEncoder.Fit(SynonymCorpus(tracks: 200), new Word2VecOptions { Dimensions = 8 });
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) encoder.Save(writer);
        var bytes = stream.ToArray();
        var loaded = Word2VecTextEncoder.Load(new BinaryReader(new MemoryStream(bytes)));
        var text = new TrackText("synab ctxac the", "A", Tags: ["live"]);
        Assert.Equal(encoder.Vocabulary, loaded.Vocabulary);
        Assert.Equal(encoder.Encode(text), loaded.Encode(text));

        Assert.Throws<ModelFormatException>(() => Word2VecTextEncoder.Load(new BinaryReader(new MemoryStream(bytes[..^10]))));
        var wrongKind = (byte[])bytes.Clone();
        wrongKind[1] = (byte)'W';
        Assert.Contains("expected a 'word2vec' text encoder", Assert.Throws<ModelFormatException>(() => Word2VecTextEncoder.Load(new BinaryReader(new MemoryStream(wrongKind)))).Message);
    }

    [Theory]
    [InlineData("dimensions", "0")]
    [InlineData("window", "0")]
    [InlineData("min_count", "0")]
    [InlineData("negative", "0")]
    [InlineData("epochs", "0")]
    [InlineData("learning_rate", "-0.1")]
    [InlineData("subsample", "1.5")]
    public void Out_of_range_options_are_rejected_naming_the_option(string key, string value)
    {
        var error = Assert.Throws<ModelOptionException>(() => Word2VecOptions.From(new ModelOptions(new Dictionary<string, string> { [key] = value }), seed: 1));
        Assert.Contains($"'{key}'", error.Message);
        Assert.Contains(value, error.Message);
    }

    [Fact]
    public void Options_set_in_code_are_checked_before_training()
    {
        var error = Assert.Throws<ModelOptionException>(() => Word2VecTextEncoder.Fit(SynonymCorpus(tracks: 20), new Word2VecOptions { Window = -2 }));
        Assert.Equal("word2vec option 'window' must be between 1 and 100, got -2", error.Message);
    }

    [Fact]
    public void Text_without_words_seen_min_count_times_is_a_clear_data_error()
    {
        var error = Assert.Throws<DegenerateDataException>(() => Word2VecTextEncoder.Fit([new TrackText("one of a kind", "A"), new TrackText("unique words", "B")]));
        Assert.Contains("min_count = 2", error.Message);
        Assert.Contains("no title or tag", Assert.Throws<DegenerateDataException>(() => Word2VecTextEncoder.Fit([new TrackText("", "Only an artist")])).Message);
    }

    private static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();
}
