using System.Diagnostics;
using OpenMrs.Serving.Grains.Ranking.Candidates;
using OpenMrs.Serving.Grains.Ranking.Scoring;

namespace OpenMrs.Benchmarks.Benchmarks.Scoring;

/// <summary>
/// `--bench scoring-weights [--data planted|PATH[,PATH...]] [--users N] [--passes N] [--budgets B,...]`: tunes Serving's scoring weights
/// offline. The log is cut in event time: the newest 20 % of events is the test part. The newest 20 % of the rest is
/// the validation part, predicted from the older 80 % (the fit part), on which a coordinate ascent over the weights
/// (<see cref="WeightSearch"/>) picks a setting by NDCG@10 through Serving's real ranking pipeline. Then the models are
/// refitted on the whole training part and the default, the winner and popularity alone are scored once on the test part.
/// The winner counts as a clear gain when its paired NDCG@10 gain over the default on validation exceeds 2 standard
/// errors; the test figures are reported, never used to choose. At most <c>--users</c> evaluation users are drawn at
/// random per part. Both parts also compare candidate budgets (<c>Serving:CandidatesPerGenerator</c>) at the default weights.
/// </summary>
public sealed class ScoringWeightsBenchmark : IBenchmark
{
    private const int K = 10;
    private const double HeldOut = 0.2;

    public string Name => "scoring-weights";
    public string Description => "tune the scoring weights on a validation split carved (by time) from the training part; NDCG@10/HitRate@10, then test once";
    public string Options => "[--data planted|PATH[,PATH...] (30Music session files or Taste Profile triplets)] [--users 2000] [--passes 2] [--budgets 25,50,100,200]";

    /// <summary>Candidates per generator compared (<c>Serving:CandidatesPerGenerator</c>) at the default weights.</summary>
    private static readonly int[] DefaultBudgets = [25, 50, 100, 200];

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var source = BenchArgs.Value(args, "--data", "planted");
        if (!int.TryParse(BenchArgs.Value(args, "--users", "2000"), out var maxUsers) || maxUsers < 1
            || !int.TryParse(BenchArgs.Value(args, "--passes", "2"), out var passes) || passes < 1)
        {
            Console.Error.WriteLine("--users and --passes must be positive whole numbers");
            return Task.FromResult(2);
        }
        var budgetList = BenchArgs.Value(args, "--budgets", string.Join(',', DefaultBudgets)).Split(',', StringSplitOptions.RemoveEmptyEntries);
        var budgets = budgetList.Select(b => int.TryParse(b, out var n) ? n : 0).ToArray();
        if (budgets.Length == 0 || budgets.Any(b => b is < 1 or > CandidateBudget.MaxPerGenerator))
        {
            Console.Error.WriteLine($"--budgets must list whole numbers in [1, {CandidateBudget.MaxPerGenerator}], comma-separated");
            return Task.FromResult(2);
        }
        ReplayData data;
        if (source == "planted") data = ReplayData.Planted(users: 1_000, groups: 8, tracksPerGroup: 60, listensPerUser: 40, seed: 7);
        else
        {
            var paths = source.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (paths.FirstOrDefault(p => !File.Exists(p)) is { } missing)
            {
                Console.Error.WriteLine($"data file not found: {missing} (pass --data planted, or 30Music session or Taste Profile files, comma-separated)");
                return Task.FromResult(1);
            }
            try
            {
                // A taste profile has three fields and no header; 30Music files have five and a header.
                data = File.ReadLines(paths[0]).FirstOrDefault()?.Split('\t').Length == 3 ? ReplayData.TasteProfile(paths, seed: 1) : ReplayData.ThirtyMusic(paths);
            }
            catch (InvalidDataException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return Task.FromResult(1);
            }
        }

        var clock = Stopwatch.StartNew();
        var (training, test) = data.SplitByTime(HeldOut);
        var (fit, validation) = training.SplitByTime(HeldOut);
        Console.WriteLine($"{data.Description}: {data.Events.Count:N0} events; fit {fit.Events.Count:N0}, validation {validation.Events.Count:N0}, test {test.Events.Count:N0}");

        var defaults = new ScoringWeights();
        var popularityOnly = PopularityOnly();
        object validationFigures;
        ScoringWeights winner;
        using (var replay = ReplayServing.Build(fit, validation, maxUsers, seed: 1, K, cancellationToken))
        {
            Console.WriteLine($"validation: {replay.Users:N0} users, {replay.Targets:N0} targets, {replay.CatalogueTracks:N0} tracks; coordinate ascent from the default");
            var search = WeightSearch.CoordinateAscent(defaults, w => replay.Evaluate(w, K), passes, cancellationToken);
            winner = search.Best;
            var popular = replay.Evaluate(popularityOnly, K);
            var (gain, standardError) = search.Quality.Minus(search.Tried[0].Quality);
            var clear = gain > 2 * standardError;
            Console.WriteLine(FormattableString.Invariant(
                $"validation: winner − default NDCG@10 {gain:+0.0000;-0.0000} ± {standardError:0.0000} (paired SE): {(clear ? "a clear gain (> 2 SE)" : "within noise (≤ 2 SE)")}"));
            var budgetFigures = BudgetSweep(replay, defaults, budgets, "validation");
            validationFigures = new
            {
                candidateBudgets = budgetFigures,
                users = replay.Users, targets = replay.Targets, tracks = replay.CatalogueTracks,
                winnerMinusDefault = new { ndcgAt10 = gain, standardError, clearGain = clear },
                @default = Row(defaults, search.Tried[0].Quality), winner = Row(winner, search.Quality), popularityOnly = Row(popularityOnly, popular),
                settings = search.Tried.Select(t => Row(t.Weights, t.Quality)),
            };
        }

        object testFigures;
        using (var replay = ReplayServing.Build(training, test, maxUsers, seed: 1, K, cancellationToken))
        {
            var atDefault = replay.Evaluate(defaults, K);
            var atWinner = replay.Evaluate(winner, K);
            var popular = replay.Evaluate(popularityOnly, K);
            Console.WriteLine($"test ({replay.Users:N0} users): default NDCG@10 {atDefault.Ndcg:F4} HitRate@10 {atDefault.HitRate:F4}; " +
                              $"winner {atWinner.Ndcg:F4} / {atWinner.HitRate:F4}; popularity only {popular.Ndcg:F4} / {popular.HitRate:F4}");
            var budgetFigures = BudgetSweep(replay, defaults, budgets, "test");
            testFigures = new
            {
                candidateBudgets = budgetFigures,
                users = replay.Users, targets = replay.Targets, tracks = replay.CatalogueTracks,
                @default = Row(defaults, atDefault), winner = Row(winner, atWinner), popularityOnly = Row(popularityOnly, popular),
            };
        }

        BenchmarkResults.Write($"scoring-weights-{data.Name}", new
        {
            data = data.Description,
            split = "event time: newest 20 % of events = test; newest 20 % of the rest = validation, predicted from the older fit part",
            k = K, grid = WeightSearch.Grid, passes, seconds = clock.Elapsed.TotalSeconds, loadAverage = BenchData.LoadAverage(),
            validation = validationFigures,
            test = testFigures,
        });
        return Task.FromResult(0);
    }

    /// <summary>
    /// NDCG@10 and HitRate@10 at <paramref name="weights"/> with each candidate budget, and the paired NDCG@10
    /// difference (with its standard error) to the shipped default, <see cref="CandidateBudget.DefaultPerGenerator"/>.
    /// </summary>
    private static object[] BudgetSweep(ReplayServing replay, ScoringWeights weights, int[] budgets, string part)
    {
        replay.UseCandidateBudget(CandidateBudget.DefaultPerGenerator);
        var reference = replay.Evaluate(weights, K);
        var rows = new List<object>();
        foreach (var budget in budgets)
        {
            replay.UseCandidateBudget(budget);
            var quality = budget == CandidateBudget.DefaultPerGenerator ? reference : replay.Evaluate(weights, K);
            var (difference, standardError) = quality.Minus(reference);
            Console.WriteLine(FormattableString.Invariant(
                $"{part}: {budget} candidates per generator: NDCG@10 {quality.Ndcg:F4} HitRate@10 {quality.HitRate:F4}; − {CandidateBudget.DefaultPerGenerator}: {Math.Round(difference, 4) + 0.0:+0.0000;-0.0000;0.0000} ± {standardError:0.0000}"));
            rows.Add(new { candidatesPerGenerator = budget, ndcgAt10 = quality.Ndcg, hitRateAt10 = quality.HitRate, ndcgAt10MinusDefaultBudget = difference, standardError });
        }
        replay.UseCandidateBudget(CandidateBudget.DefaultPerGenerator);
        return [.. rows];
    }

    private static ScoringWeights PopularityOnly()
    {
        var weights = new ScoringWeights();
        for (var d = 0; d < WeightSearch.Dimensions.Length; d++) weights = WeightSearch.With(weights, d, 0);
        weights.Audio = 0;
        weights.Popularity = 1;
        return weights;
    }

    private static object Row(ScoringWeights w, Quality q) => new
    {
        weights = WeightSearch.Dimensions.ToDictionary(d => d.Name, d => d.Get(w)),
        ndcgAt10 = q.Ndcg, hitRateAt10 = q.HitRate,
    };
}
