using System.Diagnostics;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Data.Readers;
using OpenMrs.Recommender.Evaluation;
using OpenMrs.Recommender.Evaluation.Splits;
using OpenMrs.Recommender.Models;

namespace OpenMrs.Benchmarks.Benchmarks;

/// <summary>
/// `--bench evaluation [--train PATH] [--test PATH] [--k 10,50,500] [--threads 1,2]`: how fast the readers load the
/// synthetic benchmark files, how fast a holdout split runs, and how many users per second the evaluator scores
/// (popularity model, so the figure is the evaluator's own cost plus a cheap top-k per user).
/// </summary>
public sealed class EvaluationBenchmark : IBenchmark
{
    public string Name => "evaluation";
    public string Description => "reader records/s, holdout split seconds, evaluator users/s at max k (50k users)";
    public string Options => "[--train PATH] [--test PATH] [--k 10,50,500] [--threads 1,2]";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var trainPath = BenchArgs.Value(args, "--train", "/work/shared/data/bench/synth_train.tsv");
        var testPath = BenchArgs.Value(args, "--test", "/work/shared/data/bench/synth_test.tsv");
        var ks = BenchArgs.Value(args, "--k", "10,50,500").Split(',').Select(int.Parse).ToArray();
        var threadCounts = BenchArgs.Value(args, "--threads", "1,2").Split(',').Select(int.Parse).ToArray();
        foreach (var path in new[] { trainPath, testPath })
        {
            if (File.Exists(path)) continue;
            Console.Error.WriteLine($"benchmark data not found: {path} (pass --train PATH --test PATH; files are 'user\\titem\\tcount' with a header)");
            return Task.FromResult(1);
        }

        var clock = Stopwatch.StartNew();
        var users = new IdMap();
        var items = new IdMap();
        var trainTable = InteractionTable.Load(CountTsvReader.Read(trainPath), users, items);
        var testTable = InteractionTable.Load(CountTsvReader.Read(testPath), users, items);
        var loadSeconds = clock.Elapsed.TotalSeconds;
        var records = trainTable.Count + testTable.Count;
        clock.Restart();
        var split = new TrainTestSplit(trainTable.ToMatrix(), testTable.ToMatrix()).WithoutColdTestItems().Split;
        var matrixSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"read {records:N0} records in {loadSeconds:F2} s ({records / loadSeconds:N0}/s); matrices in {matrixSeconds:F2} s");

        clock.Restart();
        var all = trainTable.ToMatrix();
        var holdout = new HoldoutSplit(0.2, 2, 42).Split(all);
        var holdoutSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"holdout split of {all.UserItems.NonZeros:N0} cells in {holdoutSeconds:F2} s ({holdout.Test.UserItems.NonZeros:N0} held out)");

        var model = ModelCatalog.Create("pop");
        model.Fit(split.Train, null, cancellationToken);
        var runs = new List<object>();
        MetricsAtK[]? metrics = null;
        foreach (var threads in threadCounts)
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
            var result = Evaluator.Evaluate(model, split, new EvaluationOptions { Ks = ks, Threads = threads });
            var seconds = clock.Elapsed.TotalSeconds;
            // CPU seconds too: on a shared machine the wall clock mostly measures the neighbours.
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            metrics ??= [.. result.AtK];
            Console.WriteLine($"evaluate threads={threads}: {result.Users:N0} users at k={string.Join(",", ks)} in {seconds:F2} s wall, {cpuSeconds:F2} s CPU ({result.Users / seconds:N0} users/s)");
            runs.Add(new { threads, users = result.Users, seconds, cpuSeconds, usersPerSecond = result.Users / seconds });
        }

        BenchmarkResults.Write("evaluation", new
        {
            data = new { train = trainPath, test = testPath, users = split.Train.UserCount, items = split.Train.ItemCount, trainPairs = split.Train.UserItems.NonZeros, testPairs = split.Test.UserItems.NonZeros },
            loadAverage = BenchData.LoadAverage(),
            reading = new { records, seconds = loadSeconds, recordsPerSecond = records / loadSeconds, matrixSeconds },
            holdout = new { cells = all.UserItems.NonZeros, seconds = holdoutSeconds },
            evaluation = new { model = "pop", ks, maxK = ks.Max(), runs },
            popularity = metrics!.Select(m => new { m.K, m.Precision, m.Recall, m.Map, m.Ndcg, m.HitRate, m.Coverage }),
        });
        return Task.FromResult(0);
    }
}
