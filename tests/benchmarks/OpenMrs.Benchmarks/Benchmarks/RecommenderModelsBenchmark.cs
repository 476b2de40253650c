using System.Diagnostics;
using OpenMrs.Recommender.Data.ImplicitRatings;
using OpenMrs.Recommender.Data.Readers;
using OpenMrs.Recommender.Evaluation;
using OpenMrs.Recommender.Evaluation.Splits;
using OpenMrs.Recommender.Models;

namespace OpenMrs.Benchmarks.Benchmarks;

/// <summary>
/// `--bench models [--data PATH] [--models a,b]`: fit time and MAP@500 / NDCG@10 / Recall@50 of every catalogue model
/// on the Taste Profile sample with a per-user 20% holdout. Rating-based models (user kNN, SVD, GD, SGD) see the
/// Taste Profile 1–5 ratings; the implicit ones see play counts.
/// </summary>
public sealed class RecommenderModelsBenchmark : IBenchmark
{
    private static readonly HashSet<string> RatingModels = ["userknn", "svd", "gd", "gd-adaptive", "sgd"];

    public string Name => "models";
    public string Description => "fit time and MAP@500 / NDCG@10 / Recall@50 of every model on the MSD Taste Profile sample";
    public string Options => "[--data PATH] [--models a,b]";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var path = BenchArgs.Value(args, "--data", "/work/shared/data/msd-taste-sample/10000_prefix.txt");
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"benchmark data not found: {path} (pass --data PATH; 'user\\tsong\\tcount' without a header)");
            return Task.FromResult(1);
        }
        var names = BenchArgs.Value(args, "--models", string.Join(",", ModelCatalog.Names)).Split(',', StringSplitOptions.RemoveEmptyEntries);

        var counts = InteractionTable.Load(CountTsvReader.Read(path)).ToMatrix();
        var split = new HoldoutSplit(0.2, MinItems: 2, Seed: 42).Split(counts);
        var ratings = split.Train.WithValues(split.Train.UserItems.Map(TasteProfileRatingRule.Rate));
        Console.WriteLine($"{counts.UserCount} users × {counts.ItemCount} songs; {split.Train.UserItems.NonZeros} train, {split.Test.UserItems.NonZeros} test pairs");
        var evaluation = new EvaluationOptions { Ks = [10, 50, 500] };

        var rows = new List<object>();
        Console.WriteLine($"{"model",-12} {"fit s",8} {"MAP@500",9} {"NDCG@10",9} {"Recall@50",10}");
        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var model = ModelCatalog.Create(name);
            var train = RatingModels.Contains(name) ? ratings : split.Train;
            var clock = Stopwatch.StartNew();
            model.Fit(train, null, cancellationToken);
            var fitSeconds = clock.Elapsed.TotalSeconds;
            var result = Evaluator.Evaluate(model, split.Train.UserItems, split.Test.UserItems, split.TestUsers, evaluation, cancellationToken: cancellationToken);
            var (map, ndcg, recall) = (result.At(500).Map, result.At(10).Ndcg, result.At(50).Recall);
            Console.WriteLine($"{name,-12} {fitSeconds,8:F2} {map,9:F4} {ndcg,9:F4} {recall,10:F4}");
            rows.Add(new { model = name, input = RatingModels.Contains(name) ? "ratings 1-5" : "play counts", fitSeconds, mapAt500 = map, ndcgAt10 = ndcg, recallAt50 = recall });
        }
        BenchmarkResults.Write("models", new
        {
            data = new { path, users = counts.UserCount, items = counts.ItemCount, trainPairs = split.Train.UserItems.NonZeros, testPairs = split.Test.UserItems.NonZeros, split = "per-user 20% holdout, seed 42" },
            loadAverage = BenchData.LoadAverage(),
            models = rows,
        });
        return Task.FromResult(0);
    }
}
