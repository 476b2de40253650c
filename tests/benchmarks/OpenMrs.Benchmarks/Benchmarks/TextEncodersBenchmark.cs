using OpenMrs.Recommender.Evaluation.Metrics;
using OpenMrs.Recommender.Numerics;
using OpenMrs.Recommender.Text;

namespace OpenMrs.Benchmarks.Benchmarks;

/// <summary>
/// `--bench text-encoders [--seed 5]`: which text encoder predicts a cold track's collaborative factors better?
/// Generated catalogue: genres with planted factor centroids, tracks whose titles and tags draw from their genre's
/// interchangeable words (synonyms, few shared between two tracks) mixed with genre-free filler words; users with
/// their genre's taste. Each encoder is fitted on the training tracks' text; a held-out track's factors are the
/// cosine-weighted mean of its k nearest training tracks' factors in text space; users rank the held-out tracks by
/// predicted factors · user factors, scored by MAP@500 and recall@k against the top 20 by planted factors.
/// </summary>
public sealed class TextEncodersBenchmark : IBenchmark
{
    private const int Genres = 16, Factors = 32, TracksPerGenre = 250, Users = 1000, Relevant = 20, Neighbours = 50;
    private static readonly int[] Ks = [10, 50, 100];

    /// <summary>The encoders compared, each fitted on the training tracks' text.</summary>
    private static readonly (string Name, Func<IReadOnlyList<TrackText>, ITextEncoder> Fit)[] Encoders =
    [
        ("word2vec", texts => Word2VecTextEncoder.Fit(texts)),
        ("tfidf", texts => TfIdfTextEncoder.Fit(texts)),
    ];

    public string Name => "text-encoders";
    public string Description => "Title/tag encoders (Word2Vec, TF-IDF) by how well text alone predicts held-out tracks' factors: MAP@500, recall@k";
    public string Options => "[--seed 5]";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var seed = int.Parse(BenchArgs.Value(args, "--seed", "5"), System.Globalization.CultureInfo.InvariantCulture);
        var scenarios = new List<object>();
        foreach (var (wordsPerGenre, genreShare) in new[] { (12, 0.6), (40, 0.6), (120, 0.6), (40, 0.35) })
        {
            var data = Catalogue(wordsPerGenre, genreShare, seed);
            var runs = new List<object> { Score("random", RandomFactors(data.HeldOut.Length, seed), data) };
            foreach (var (name, fit) in Encoders)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var encoder = fit([.. data.Train.Select(t => t.Text)]);
                var fitSeconds = clock.Elapsed.TotalSeconds;
                runs.Add(Score(name, PredictByNeighbours(encoder, data), data, fitSeconds));
            }
            scenarios.Add(new { wordsPerGenre, genreWordShare = genreShare, tracks = data.Train.Length + data.HeldOut.Length, heldOut = data.HeldOut.Length, runs });
        }
        BenchmarkResults.Write("text-encoders", new
        {
            settings = new { Genres, Factors, TracksPerGenre, Users, relevantPerUser = Relevant, neighbours = Neighbours, seed },
            scenarios,
        });
        return Task.FromResult(0);
    }

    private sealed record Track(TrackText Text, float[] Factors);
    private sealed record Data(Track[] Train, Track[] HeldOut, float[][] UserFactors);

    private static Data Catalogue(int wordsPerGenre, double genreShare, int seed)
    {
        var random = new Random(seed);
        var gaussian = new GaussianRandom(seed);
        var centroids = Enumerable.Range(0, Genres).Select(_ => Normalised(Gaussian(gaussian, Factors, 1))).ToArray();
        string[] fillers = [.. Enumerable.Range(0, 300).Select(i => $"common{i}")];
        string Word(int genre) => random.NextDouble() < genreShare ? $"g{genre}word{random.Next(wordsPerGenre)}" : fillers[random.Next(fillers.Length)];
        var tracks = new List<Track>();
        for (var n = 0; n < Genres * TracksPerGenre; n++)
        {
            var genre = n % Genres;
            var title = string.Join(' ', Enumerable.Range(0, 2 + random.Next(3)).Select(_ => Word(genre)));
            string[] tags = [.. Enumerable.Range(0, 1 + random.Next(2)).Select(_ => Word(genre))];
            var factors = Normalised(Add(centroids[genre], Gaussian(gaussian, Factors, 0.7 / Math.Sqrt(Factors))));
            tracks.Add(new Track(new TrackText(title, $"artist {n}", Tags: tags), factors));
        }
        var users = Enumerable.Range(0, Users).Select(u => Normalised(Add(centroids[u % Genres], Gaussian(gaussian, Factors, 0.3 / Math.Sqrt(Factors))))).ToArray();
        return new Data([.. tracks.Where((_, i) => i % 5 != 0)], [.. tracks.Where((_, i) => i % 5 == 0)], users);
    }

    /// <summary>Cosine-weighted mean of the nearest training tracks' factors in text space, L2-normalised; zeros when the text is all unknown.</summary>
    private static float[][] PredictByNeighbours(ITextEncoder encoder, Data data)
    {
        var train = new FactorMatrix(data.Train.Length, encoder.Dimension);
        for (var i = 0; i < data.Train.Length; i++) encoder.Encode(data.Train[i].Text).CopyTo(train.Row(i));
        var scores = new float[data.Train.Length];
        return [.. data.HeldOut.Select(track =>
        {
            FactorScoring.ScoreAll(encoder.Encode(track.Text), train, scores);
            var predicted = new float[Factors];
            foreach (var neighbour in TopK.Select(scores, Neighbours).Where(s => s.Score > 0))
                VectorOps.Axpy(neighbour.Score, data.Train[neighbour.Item].Factors, predicted);
            return Normalised(predicted);
        })];
    }

    private static object Score(string encoder, float[][] predicted, Data data, double? fitSeconds = null)
    {
        double map = 0;
        var recall = new double[Ks.Length];
        var truth = new float[data.HeldOut.Length];
        var scores = new float[data.HeldOut.Length];
        foreach (var user in data.UserFactors)
        {
            for (var i = 0; i < data.HeldOut.Length; i++)
            {
                truth[i] = VectorOps.Dot(user, data.HeldOut[i].Factors);
                scores[i] = VectorOps.Dot(user, predicted[i]);
            }
            var relevant = TopK.Select(truth, Relevant).Select(s => s.Item).ToHashSet();
            var gains = TopK.Select(scores, 500).Select(s => relevant.Contains(s.Item) ? 1f : 0f).ToArray();
            var ranking = new UserRanking(gains, Enumerable.Repeat(1f, Relevant).ToArray());
            map += ranking.AveragePrecision(500);
            for (var k = 0; k < Ks.Length; k++) recall[k] += ranking.Recall(Ks[k]);
        }
        var result = new
        {
            encoder,
            mapAt500 = map / Users,
            recall = Ks.Select((k, i) => new { k, value = recall[i] / Users }).ToArray(),
            fitSeconds,
        };
        Console.WriteLine($"{encoder,-10} MAP@500 {result.mapAt500:F4}  " + string.Join("  ", result.recall.Select(r => $"recall@{r.k} {r.value:F4}")));
        return result;
    }

    private static float[][] RandomFactors(int count, int seed)
    {
        var gaussian = new GaussianRandom(seed + 1);
        return [.. Enumerable.Range(0, count).Select(_ => Gaussian(gaussian, Factors, 1))];
    }

    private static float[] Gaussian(GaussianRandom random, int length, double std) =>
        [.. Enumerable.Range(0, length).Select(_ => (float)(std * random.Next()))];

    private static float[] Add(float[] a, float[] b) => [.. a.Zip(b, (x, y) => x + y)];

    private static float[] Normalised(float[] v)
    {
        var norm = VectorOps.Norm(v);
        return norm > 0 ? [.. v.Select(x => x / norm)] : v;
    }
}
