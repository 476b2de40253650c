using System.Diagnostics;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Evaluation.Metrics;
using OpenMrs.Recommender.Evaluation.Splits;
using OpenMrs.Recommender.Models;

namespace OpenMrs.Recommender.Evaluation;

/// <summary>
/// Scores a fitted model against held-out interactions: for each test user it asks for the top max(k) items with the
/// user's training items filtered out (in parallel over users), then computes every metric at every k.
/// </summary>
public static class Evaluator
{
    public static EvaluationResult Evaluate(IRecommender model, TrainTestSplit split, EvaluationOptions? options = null, IProgress<int>? usersDone = null) =>
        Evaluate(model, split.Train.UserItems, split.Test.UserItems, split.TestUsers, options, usersDone);

    /// <param name="users">Users to score; null means every user with test items. A listed user without test items scores 0.</param>
    /// <exception cref="DegenerateDataException">There is no user to score (no user has test items, or the list is empty).</exception>
    public static EvaluationResult Evaluate(
        IRecommender model, CsrMatrix train, CsrMatrix test, IReadOnlyList<int>? users = null,
        EvaluationOptions? options = null, IProgress<int>? usersDone = null, CancellationToken cancellationToken = default)
    {
        options ??= new EvaluationOptions();
        options.Validate();
        if (train.Rows != test.Rows || train.Columns != test.Columns)
            throw new ArgumentException($"train is {train.Rows}×{train.Columns} but test is {test.Rows}×{test.Columns}; they must share users and items");
        var ks = options.Ks.Distinct().Order().ToArray();
        var chosen = ChooseUsers(test, users, options);
        var trainUsers = Enumerable.Range(0, train.Rows).Count(u => train.RowLength(u) > 0);
        var selfInformation = ItemPopularity(train).Select(p => CatalogueMetrics.SelfInformation(p, trainUsers)).ToArray();

        var clock = Stopwatch.StartNew();
        var total = new UserScores(ks.Length, train.Columns);
        var gate = new object();
        var done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Threads ?? -1, CancellationToken = cancellationToken };
        Parallel.ForEach(
            System.Collections.Concurrent.Partitioner.Create(0, chosen.Length, Math.Max(16, chosen.Length / (Environment.ProcessorCount * 8) + 1)),
            parallel,
            () => new UserScores(ks.Length, train.Columns),
            (range, _, local) =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                    local.Add(ScoreUser(model, train, test, chosen[i], ks, options.PlayCountGains, selfInformation));
                var finished = Interlocked.Add(ref done, range.Item2 - range.Item1);
                usersDone?.Report(finished);
                return local;
            },
            local => { lock (gate) total.Merge(local); });

        return new EvaluationResult(chosen.Length, clock.Elapsed.TotalSeconds, total.Summarise(ks, chosen.Length, train.Columns));
    }

    private static int[] ChooseUsers(CsrMatrix test, IReadOnlyList<int>? users, EvaluationOptions options)
    {
        var chosen = users?.ToArray() ?? TrainTestSplit.UsersWithItems(test);
        if (chosen.Length == 0)
            throw new DegenerateDataException("there is no test user to evaluate: the test side holds no interactions");
        foreach (var u in chosen)
            if ((uint)u >= (uint)test.Rows) throw new ArgumentOutOfRangeException(nameof(users), u, "user index outside the matrix");
        if (options.MaxUsers is { } max && chosen.Length > max)
        {
            new Random(options.Seed).Shuffle(chosen);
            chosen = chosen[..max];
            Array.Sort(chosen);
        }
        return chosen;
    }

    private static int[] ItemPopularity(CsrMatrix train)
    {
        var popularity = new int[train.Columns];
        foreach (var item in train.ColumnIndices) popularity[item]++;
        return popularity;
    }

    /// <summary>Up to <paramref name="wanted"/> recommended items outside the user's training items, and whether any had to be removed.</summary>
    private static (List<int> Items, bool RemovedSeen) RecommendUnseen(IRecommender model, int user, int wanted, ReadOnlySpan<int> seen, int catalogue, int asked)
    {
        var items = new List<int>(wanted);
        var removed = false;
        if (wanted <= 0) return (items, removed);
        foreach (var r in model.Recommend(user, asked, excludeSeen: true))
        {
            if (items.Count == wanted) break;
            if ((uint)r.Item < (uint)catalogue && seen.BinarySearch(r.Item) < 0) items.Add(r.Item);
            else removed = true;
        }
        return (items, removed);
    }

    private static UserOutcome ScoreUser(
        IRecommender model, CsrMatrix train, CsrMatrix test, int user, int[] ks, bool playCountGains, double[] selfInformation)
    {
        var seen = train.RowIndices(user);
        var relevant = test.RowIndices(user);
        var relevantValues = test.RowValues(user);
        var wanted = Math.Min(ks[^1], train.Columns - seen.Length);
        var (items, removedSeen) = RecommendUnseen(model, user, wanted, seen, train.Columns, wanted);
        // A model fitted on other data (or one that ignores excludeSeen) spends list slots on training items: ask again with room for them.
        if (removedSeen && items.Count < wanted)
            (items, _) = RecommendUnseen(model, user, wanted, seen, train.Columns, Math.Min(train.Columns, wanted + seen.Length));

        var gains = new float[items.Count];
        for (var p = 0; p < items.Count; p++)
        {
            var at = relevant.BinarySearch(items[p]);
            if (at >= 0) gains[p] = playCountGains ? relevantValues[at] : 1f;
        }
        float[] idealGains = playCountGains ? relevantValues.ToArray() : [.. Enumerable.Repeat(1f, relevant.Length)];
        var ranking = new UserRanking(gains, idealGains, candidateCount: train.Columns - seen.Length);

        var noveltyPrefix = new double[items.Count + 1];
        for (var p = 0; p < items.Count; p++)
            noveltyPrefix[p + 1] = noveltyPrefix[p] + selfInformation[items[p]];

        var perK = new double[ks.Length][];
        for (var i = 0; i < ks.Length; i++)
        {
            var k = ks[i];
            var listed = Math.Min(k, items.Count);
            perK[i] =
            [
                ranking.Hits(k), Math.Min(k, relevant.Length),
                ranking.Precision(k), ranking.Recall(k), ranking.AveragePrecision(k), ranking.Ndcg(k),
                ranking.ReciprocalRank(k), ranking.HitRate(k), ranking.RocAuc(k), ranking.PrAuc(k),
                noveltyPrefix[listed], listed,
            ];
        }
        return new UserOutcome(items.ToArray(), perK);
    }

    private sealed record UserOutcome(int[] Items, double[][] PerK);

    /// <summary>Sums of per-user figures, plus the best rank each item reached (for coverage at every k).</summary>
    private sealed class UserScores(int kCount, int itemCount)
    {
        private const int Hits = 0, Bound = 1, MeanStart = 2, MeanCount = 8, NoveltySum = 10, Listed = 11, Fields = 12;
        private readonly double[,] _sums = new double[kCount, Fields];
        private readonly int[] _bestRank = Enumerable.Repeat(int.MaxValue, itemCount).ToArray();

        public void Add(UserOutcome outcome)
        {
            for (var i = 0; i < kCount; i++)
                for (var f = 0; f < Fields; f++) _sums[i, f] += outcome.PerK[i][f];
            for (var p = 0; p < outcome.Items.Length; p++)
                _bestRank[outcome.Items[p]] = Math.Min(_bestRank[outcome.Items[p]], p);
        }

        public void Merge(UserScores other)
        {
            for (var i = 0; i < kCount; i++)
                for (var f = 0; f < Fields; f++) _sums[i, f] += other._sums[i, f];
            for (var item = 0; item < itemCount; item++) _bestRank[item] = Math.Min(_bestRank[item], other._bestRank[item]);
        }

        public IReadOnlyList<MetricsAtK> Summarise(int[] ks, int users, int catalogue)
        {
            var result = new List<MetricsAtK>(ks.Length);
            for (var i = 0; i < ks.Length; i++)
            {
                var k = ks[i];
                var mean = new double[MeanCount];
                for (var m = 0; m < MeanCount; m++) mean[m] = users == 0 ? 0 : _sums[i, MeanStart + m] / users;
                var covered = _bestRank.Count(rank => rank < k);
                result.Add(new MetricsAtK(
                    k,
                    Precision: _sums[i, Bound] == 0 ? 0 : _sums[i, Hits] / _sums[i, Bound],
                    PrecisionOverK: mean[0], Recall: mean[1], Map: mean[2], Ndcg: mean[3], Mrr: mean[4], HitRate: mean[5],
                    RocAuc: mean[6], PrAuc: mean[7],
                    Coverage: CatalogueMetrics.Coverage(covered, catalogue),
                    Novelty: _sums[i, Listed] == 0 ? 0 : _sums[i, NoveltySum] / _sums[i, Listed]));
            }
            return result;
        }
    }
}
