using System.Diagnostics;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Evaluation;
using OpenMrs.Recommender.Models.Als;
using OpenMrs.Training.Cycles;

namespace OpenMrs.Benchmarks.Benchmarks;

/// <summary>
/// `--bench warm-start [--train PATH] [--test PATH] [--drop 0.1]`: does starting WALS from the previous cycle's item
/// factors help? The previous model is fitted on the training pairs less a random tenth (the data a cycle earlier);
/// the new one on all training pairs, cold and warm (<see cref="CatalogCandidateFitter.WarmStart"/>), at 1 to 15
/// iterations, each scored by NDCG@10 on the test pairs.
/// </summary>
public sealed class WarmStartBenchmark : IBenchmark
{
    private static readonly int[] IterationCounts = [1, 2, 3, 5, 8, 15];

    public string Name => "warm-start";
    public string Description => "WALS warm-started from the previous cycle's item factors vs cold: NDCG@10 and seconds by iterations";
    public string Options => "[--train PATH] [--test PATH] [--drop 0.1]";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var trainPath = BenchArgs.Value(args, "--train", "/work/shared/data/bench/synth_train.tsv");
        var testPath = BenchArgs.Value(args, "--test", "/work/shared/data/bench/synth_test.tsv");
        var drop = double.Parse(BenchArgs.Value(args, "--drop", "0.1"), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var path in new[] { trainPath, testPath })
        {
            if (File.Exists(path)) continue;
            Console.Error.WriteLine($"benchmark data not found: {path} (pass --train PATH --test PATH)");
            return Task.FromResult(1);
        }
        var (train, test) = BenchData.LoadTrainTest(trainPath, testPath);
        var earlier = DropRandomPairs(train, drop, seed: 7);
        var options = new AlsOptions();
        var previous = new ImplicitAlsModel(options);
        previous.Fit(earlier, cancellationToken: cancellationToken);
        var evaluation = new EvaluationOptions { Ks = [10] };

        var runs = new List<object>();
        foreach (var iterations in IterationCounts)
        {
            foreach (var warm in new[] { false, true })
            {
                var model = new ImplicitAlsModel(options with { Iterations = iterations });
                if (warm) model.InitialItemFactors = CatalogCandidateFitter.WarmStart(previous.ItemFactors, train.Items, train.Items, options);
                var clock = Stopwatch.StartNew();
                model.Fit(train, cancellationToken: cancellationToken);
                var seconds = clock.Elapsed.TotalSeconds;
                var ndcg = Evaluator.Evaluate(model, train.UserItems, test, options: evaluation, cancellationToken: cancellationToken).At(10).Ndcg;
                Console.WriteLine($"iterations {iterations,2} {(warm ? "warm" : "cold")}: NDCG@10 {ndcg:F4}, fit {seconds:F2} s");
                runs.Add(new { iterations, start = warm ? "warm" : "cold", ndcgAt10 = ndcg, fitSeconds = seconds });
            }
        }
        BenchmarkResults.Write("warm-start", new
        {
            data = new { train = trainPath, test = testPath, users = train.UserCount, items = train.ItemCount, trainPairs = train.UserItems.NonZeros, earlierPairs = earlier.UserItems.NonZeros },
            settings = new { factors = options.Factors ?? AlsOptions.DefaultFactors, options.Regularization, options.Alpha, previousIterations = options.Iterations, dropped = drop },
            loadAverage = BenchData.LoadAverage(),
            runs,
        });
        return Task.FromResult(0);
    }

    /// <summary>The same users and items with a seeded random share of the pairs removed.</summary>
    private static InteractionMatrix DropRandomPairs(InteractionMatrix data, double share, int seed)
    {
        var random = new Random(seed);
        var kept = new List<(int, int, float)>();
        for (var u = 0; u < data.UserCount; u++)
        {
            var indices = data.UserItems.RowIndices(u);
            var values = data.UserItems.RowValues(u);
            for (var n = 0; n < indices.Length; n++)
                if (random.NextDouble() >= share) kept.Add((u, indices[n], values[n]));
        }
        return data.WithValues(CsrMatrix.FromTriplets(data.UserCount, data.ItemCount, kept));
    }
}
