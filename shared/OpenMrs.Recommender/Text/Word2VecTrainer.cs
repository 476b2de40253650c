using System.Numerics.Tensors;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Text;

/// <summary>
/// CBOW Word2Vec with negative sampling, single-threaded and seeded (Mikolov et al. 2013; the update rules of
/// word2vec.c): the mean of the context words' input vectors predicts the centre word against <c>Negative</c> noise
/// words drawn from the unigram^0.75 table; frequent words are subsampled; the learning rate decays linearly.
/// Hand-written because the embedding is the product (ALGORITHMS.md B).
/// </summary>
internal static class Word2VecTrainer
{
    private const int NoiseTableSize = 1 << 20;
    private const double NoisePower = 0.75;

    /// <summary>Returns the vocabulary (most frequent first, ties in ordinal order) and its input vectors, vocabulary × Dimensions.</summary>
    /// <exception cref="DegenerateDataException">No word occurs <c>MinCount</c> times.</exception>
    public static (IdMap Vocabulary, FactorMatrix Vectors) Train(IReadOnlyList<string[]> sentences, Word2VecOptions options, CancellationToken cancellationToken)
    {
        options.Validate();
        var (vocabulary, counts) = BuildVocabulary(sentences, options.MinCount);
        var corpus = sentences.Select(s => Indices(s, vocabulary)).Where(s => s.Length > 0).ToArray();
        var trainWords = counts.Sum(c => (long)c);
        var random = new Random(options.Seed);
        var dims = options.Dimensions;
        var input = new FactorMatrix(vocabulary.Count, dims);
        for (var i = 0; i < input.Data.Length; i++) input.Data[i] = (float)((random.NextDouble() - 0.5) / dims);
        var output = new FactorMatrix(vocabulary.Count, dims);
        var noise = NoiseTable(counts);
        var keep = KeepProbabilities(counts, trainWords, options.Subsample);

        var hidden = new float[dims];
        var error = new float[dims];
        var kept = new List<int>();
        var context = new List<int>();
        var order = Enumerable.Range(0, corpus.Length).ToArray();
        var totalWords = (double)options.Epochs * trainWords + 1;
        long processed = 0;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var s in order)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sentence = corpus[s];
                var alpha = (float)Math.Max(options.LearningRate * (1 - processed / totalWords), options.LearningRate * 1e-4);
                processed += sentence.Length;
                kept.Clear();
                foreach (var word in sentence)
                    if (keep[word] >= 1 || random.NextDouble() < keep[word]) kept.Add(word);
                for (var position = 0; position < kept.Count; position++)
                {
                    var reach = options.Window - random.Next(options.Window);
                    context.Clear();
                    for (var c = Math.Max(0, position - reach); c <= Math.Min(kept.Count - 1, position + reach); c++)
                        if (c != position) context.Add(kept[c]);
                    if (context.Count == 0) continue;
                    Step(kept[position], context, input, output, noise, options.Negative, alpha, random, hidden, error);
                }
            }
        }
        return (vocabulary, input);
    }

    /// <summary>One CBOW update: h = mean of the context vectors; for the centre word (label 1) and each noise word (label 0), g = α(label − σ(h·w′)); w′ += g·h; every context vector += Σ g·w′.</summary>
    private static void Step(int centre, List<int> context, FactorMatrix input, FactorMatrix output, int[] noise, int negative, float alpha,
        Random random, float[] hidden, float[] error)
    {
        Array.Clear(hidden);
        Array.Clear(error);
        foreach (var word in context) VectorOps.Axpy(1f, input.Row(word), hidden);
        TensorPrimitives.Multiply(hidden, 1f / context.Count, hidden);
        for (var d = 0; d <= negative; d++)
        {
            int target;
            float label;
            if (d == 0) (target, label) = (centre, 1f);
            else
            {
                target = noise[random.Next(noise.Length)];
                if (target == centre) continue;
                label = 0f;
            }
            var row = output.Row(target);
            var g = alpha * (label - Sigmoid(VectorOps.Dot(hidden, row)));
            VectorOps.Axpy(g, row, error);
            VectorOps.Axpy(g, hidden, row);
        }
        foreach (var word in context) VectorOps.Axpy(1f, error, input.Row(word));
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    private static (IdMap Vocabulary, int[] Counts) BuildVocabulary(IReadOnlyList<string[]> sentences, int minCount)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var sentence in sentences)
            foreach (var word in sentence)
                counts[word] = counts.GetValueOrDefault(word) + 1;
        var words = counts.Where(p => p.Value >= minCount)
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToArray();
        if (words.Length == 0)
            throw new DegenerateDataException(counts.Count == 0
                ? "word2vec needs text: no title or tag holds a word"
                : $"word2vec needs words seen at least min_count = {minCount} times; the most frequent word is seen {counts.Values.Max()} times (lower min_count or give more text)");
        return (new IdMap(words.Select(p => p.Key)), words.Select(p => p.Value).ToArray());
    }

    private static int[] Indices(string[] sentence, IdMap vocabulary)
    {
        var indices = new List<int>(sentence.Length);
        foreach (var word in sentence)
            if (vocabulary.TryGetIndex(word, out var index)) indices.Add(index);
        return [.. indices];
    }

    /// <summary>word2vec.c's unigram table: word i fills a share count_i^0.75 / Σ count^0.75 of the slots.</summary>
    private static int[] NoiseTable(int[] counts)
    {
        var table = new int[NoiseTableSize];
        var total = counts.Sum(c => Math.Pow(c, NoisePower));
        var word = 0;
        var cumulative = Math.Pow(counts[0], NoisePower) / total;
        for (var slot = 0; slot < table.Length; slot++)
        {
            table[slot] = word;
            if ((slot + 1.0) / table.Length > cumulative && word < counts.Length - 1)
                cumulative += Math.Pow(counts[++word], NoisePower) / total;
        }
        return table;
    }

    /// <summary>Probability of keeping each occurrence of a word (≥ 1 means always): (√(f/t) + 1)·t/f with f = count / total.</summary>
    private static double[] KeepProbabilities(int[] counts, long trainWords, double threshold)
    {
        if (threshold <= 0) return [.. counts.Select(_ => 1.0)];
        var scaled = threshold * trainWords;
        return [.. counts.Select(c => (Math.Sqrt(c / scaled) + 1) * scaled / c)];
    }
}
