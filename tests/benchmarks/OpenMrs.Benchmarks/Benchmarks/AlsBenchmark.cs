using System.Diagnostics;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Data.Readers;
using OpenMrs.Recommender.Evaluation;
using OpenMrs.Recommender.Models;

namespace OpenMrs.Benchmarks.Benchmarks;

/// <summary>
/// `--bench als [--train PATH] [--test PATH] [--iterations N] [--factors K] [--threads 1,2]`: implicit ALS speed per
/// iteration at each thread count, and ranking quality next to popularity's, on the shared synthetic benchmark set.
/// </summary>
public sealed class AlsBenchmark : IBenchmark
{
    public string Name => "als";
    public string Description => "implicit ALS (CG) seconds/iteration at 1 and 2 threads, NDCG/precision/MAP@10 vs popularity";
    public string Options => "[--train PATH] [--test PATH] [--iterations 15] [--factors 64] [--threads 1,2]";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var trainPath = BenchArgs.Value(args, "--train", "/work/shared/data/bench/synth_train.tsv");
        var testPath = BenchArgs.Value(args, "--test", "/work/shared/data/bench/synth_test.tsv");
        var iterations = int.Parse(BenchArgs.Value(args, "--iterations", "15"));
        var factors = BenchArgs.Value(args, "--factors", "64");
        var threadCounts = BenchArgs.Value(args, "--threads", "1,2").Split(',').Select(int.Parse).ToArray();
        foreach (var path in new[] { trainPath, testPath })
        {
            if (File.Exists(path)) continue;
            Console.Error.WriteLine($"benchmark data not found: {path} (pass --train PATH --test PATH; files are 'user\\titem\\tcount' with a header)");
            return Task.FromResult(1);
        }

        var load = Stopwatch.StartNew();
        var (train, test) = BenchData.LoadTrainTest(trainPath, testPath);
        Console.WriteLine($"loaded {train.UserCount} users × {train.ItemCount} items, {train.UserItems.NonZeros} train and {test.NonZeros} test pairs in {load.Elapsed.TotalSeconds:F1} s");
        var evaluation = new EvaluationOptions { Ks = [10] };

        var runs = new List<object>();
        MetricsAtK? alsQuality = null;
        foreach (var threads in threadCounts)
        {
            var model = ModelCatalog.Create("als", new Dictionary<string, string>
            {
                ["factors"] = factors, ["regularization"] = "0.05", ["iterations"] = iterations.ToString(),
                ["cg_steps"] = "3", ["alpha"] = "1", ["threads"] = threads.ToString(),
            });
            var timer = new IterationTimer();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            model.Fit(train, timer, cancellationToken);
            var fitSeconds = clock.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            Console.WriteLine($"als threads={threads}: fit {fitSeconds:F2} s wall, {fitSeconds / iterations:F3} s/iteration (median {timer.MedianSeconds:F3} s); CPU {cpuSeconds / iterations:F3} s/iteration");
            alsQuality ??= Evaluator.Evaluate(model, train.UserItems, test, options: evaluation, cancellationToken: cancellationToken).At(10);
            runs.Add(new { threads, fitSeconds, secondsPerIteration = fitSeconds / iterations, medianIterationSeconds = timer.MedianSeconds, cpuSecondsPerIteration = cpuSeconds / iterations });
        }

        var popularity = ModelCatalog.Create("pop");
        popularity.Fit(train, null, cancellationToken);
        var popQuality = Evaluator.Evaluate(popularity, train.UserItems, test, options: evaluation, cancellationToken: cancellationToken).At(10);

        object Quality(MetricsAtK m) => new { ndcgAt10 = m.Ndcg, precisionAt10 = m.Precision, mapAt10 = m.Map, recallAt10 = m.Recall };
        Console.WriteLine($"als: ndcg@10 {alsQuality!.Ndcg:F4} precision@10 {alsQuality.Precision:F4} map@10 {alsQuality.Map:F4}");
        Console.WriteLine($"pop: ndcg@10 {popQuality.Ndcg:F4} precision@10 {popQuality.Precision:F4} map@10 {popQuality.Map:F4}");
        BenchmarkResults.Write("als", new
        {
            data = new { train = trainPath, test = testPath, users = train.UserCount, items = train.ItemCount, trainPairs = train.UserItems.NonZeros, testPairs = test.NonZeros },
            settings = new { factors = int.Parse(factors), regularization = 0.05, iterations, cgSteps = 3, confidence = "1 + count", precision = "float32" },
            loadAverage = BenchData.LoadAverage(),
            simd = OpenMrs.Recommender.Numerics.WideKernels.Uses512 ? "AVX-512" : "256-bit",
            runs,
            als = Quality(alsQuality),
            popularity = Quality(popQuality),
            reference = new { implicitVersion = "0.7.3", secondsPerIteration1Thread = 0.44, secondsPerIteration2Threads = 0.28, precisionAt10 = 0.152, ndcgAt10 = 0.132 },
        });
        return Task.FromResult(0);
    }

    /// <summary>Records when each iteration reports, synchronously (Progress&lt;T&gt; would post to a thread pool).</summary>
    private sealed class IterationTimer : IProgress<TrainingProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<double> _seconds = [];
        private double _last;

        public double MedianSeconds => _seconds.Count == 0 ? double.NaN : _seconds.Order().ElementAt(_seconds.Count / 2);

        public void Report(TrainingProgress value)
        {
            var now = _clock.Elapsed.TotalSeconds;
            _seconds.Add(now - _last);
            _last = now;
        }
    }
}

/// <summary>Command-line values and data loading shared by the recommender benchmarks.</summary>
internal static class BenchArgs
{
    public static string Value(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}

internal static class BenchData
{
    /// <summary>Train defines the users and items; test pairs naming anything train lacks are dropped (they cannot be ranked).</summary>
    public static (InteractionMatrix Train, CsrMatrix Test) LoadTrainTest(string trainPath, string testPath)
    {
        var table = InteractionTable.Load(CountTsvReader.Read(trainPath));
        var train = table.ToMatrix();
        var test = new CsrBuilder(train.UserCount, train.ItemCount);
        foreach (var record in CountTsvReader.Read(testPath))
            if (train.Users.TryGetIndex(record.User, out var u) && train.Items.TryGetIndex(record.Item, out var i)) test.Add(u, i, record.Count);
        return (train, test.Build());
    }

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
}
