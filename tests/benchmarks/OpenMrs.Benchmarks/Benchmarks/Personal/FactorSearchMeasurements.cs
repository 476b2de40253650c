using System.Diagnostics;
using OpenMrs.Recommender.Models;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Personalization;
using OpenMrs.Serving.Grains.Ranking.Candidates.FactorSearch;
using OpenMrs.Serving.Grains.State;

namespace OpenMrs.Benchmarks.Benchmarks.Personal;

/// <summary>Single-threaded timings of the personal model's per-request numerics: fold-in, exact and approximate top-k.</summary>
internal static class FactorSearchMeasurements
{
    public const int TopK = 100;

    /// <summary>A listening state holding at least <paramref name="interactions"/> distinct tracks of user <paramref name="user"/>.</summary>
    public static UserListeningState StateWith(SyntheticListens listens, int user, int interactions)
    {
        var state = new UserListeningState();
        foreach (var listen in listens.ForUser(user, int.MaxValue))
        {
            state.Apply(listen);
            if (state.Tracks.Count >= interactions) break;
        }
        return state;
    }

    /// <summary>
    /// Fold-in time for a user with about <paramref name="interactions"/> interactions: from scratch (the baseline,
    /// every history item re-assembled) and per event as the grain does it (one listen applied, then the kept normal
    /// equations updated for that listen's track and solved), over the user's next <see cref="Events"/> listens. The
    /// same events are also timed the way the grain did before it passed the changed track (every history weight
    /// recomputed and compared, then the changed ones updated) and the solve alone, to show where the time goes.
    /// </summary>
    public static object FoldIn(ModelPart personal, SyntheticListens listens, int user, int interactions)
    {
        var state = StateWith(listens, user, interactions);
        var before = state.Tracks.Count;
        // The user's stream from the start: the listens already in the state are duplicates and not applied again.
        using var next = listens.ForUser(user, int.MaxValue).GetEnumerator();
        var (_, system) = UserFoldIn.Compute(personal, state, null);
        var (_, diffed) = UserFoldIn.Compute(personal, state, null);
        var perEvent = new List<double>(Events);
        var historyDiff = new List<double>(Events);
        var solve = new List<double>(Events);
        var maxError = 0.0;
        while (perEvent.Count < Events && next.MoveNext())
        {
            if (!state.Apply(next.Current)) continue;
            var started = Stopwatch.GetTimestamp();
            (var vector, system) = UserFoldIn.Compute(personal, state, system, [next.Current.TrackId]);
            perEvent.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            started = Stopwatch.GetTimestamp();
            (_, diffed) = UserFoldIn.Compute(personal, state, diffed);
            historyDiff.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            started = Stopwatch.GetTimestamp();
            system!.Solve();
            solve.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            if (perEvent.Count % 25 == 0)
            {
                var reference = UserFoldIn.Compute(personal, state)!;
                maxError = Math.Max(maxError, reference.Zip(vector!, (a, b) => Math.Abs(a - b)).Max());
            }
        }
        var micros = perEvent.ToArray();
        // The baseline at the history size the events ended at (the grain's cost before it kept the equations).
        var fromScratch = Repeat(Math.Max(200, 100_000 / state.Tracks.Count), () => UserFoldIn.Compute(personal, state));
        return new
        {
            interactions = new { atStart = before, atEnd = state.Tracks.Count },
            fromScratchAtEnd = new { meanMicroseconds = Mean(fromScratch), p99Microseconds = Percentile(fromScratch, 0.99) },
            perEvent = new { events = micros.Length, meanMicroseconds = Mean(micros), p99Microseconds = Percentile(micros, 0.99), maxAbsDifferenceToFromScratch = maxError },
            perEventRecomputingHistoryWeights = new { meanMicroseconds = Mean([.. historyDiff]), p99Microseconds = Percentile([.. historyDiff], 0.99) },
            solveOnly = new { meanMicroseconds = Mean([.. solve]), p99Microseconds = Percentile([.. solve], 0.99) },
            targetMicroseconds = 200,
        };
    }

    /// <summary>Listens applied one at a time in the per-event fold-in measurement.</summary>
    public const int Events = 300;

    /// <summary>
    /// Per-query time of the float32 scan (the baseline), the exact index (int8 screen with exact rescoring; its
    /// answers are checked against the scan's), and USearch at each of <paramref name="sweep"/>'s settings with its
    /// recall@100 against the exact top 100.
    /// </summary>
    public static async Task<object> SearchAsync(ModelPart personal, float[][] queries, int[][] heard, int annAboveItems, HnswSettings[] sweep)
    {
        var items = personal.Model.Factors!.ItemFactors;
        var exact = new ExactFactorIndex(items);
        var cache = new FactorIndexCache(annAboveItems);
        var clock = Stopwatch.StartNew();
        var approximate = await cache.WhenReadyAsync(personal);
        var buildSeconds = clock.Elapsed.TotalSeconds;
        if (approximate is not USearchFactorIndex) return new { error = cache.AnnUnavailable ?? "no approximate index was built" };

        var truth = queries.Select(q => exact.Scan(q, TopK, [])).ToArray();
        var scanMicros = Time(queries.Length, i => exact.Scan(queries[i], TopK, []));
        var screened = new ScoredItem[queries.Length][];
        var exactMicros = Time(queries.Length, i => screened[i] = exact.Search(queries[i], TopK, []));
        var mismatches = queries.Where((_, i) => !screened[i].SequenceEqual(truth[i])).Count();
        // A user with many known tracks: the generator asks for 100 items that are none of them.
        var scanHeavy = Time(queries.Length, i => exact.Scan(queries[i], TopK, heard[i]));
        var exactHeavy = Time(queries.Length, i => exact.Search(queries[i], TopK, heard[i]));
        var annHeavy = Time(queries.Length, i => approximate.Search(queries[i], TopK, heard[i]));
        var table = new List<object> { Approximate((USearchFactorIndex)approximate, buildSeconds, queries, truth) };
        foreach (var settings in sweep)
        {
            clock.Restart();
            var index = USearchFactorIndex.Build(items, settings);
            table.Add(Approximate(index, clock.Elapsed.TotalSeconds, queries, truth));
        }
        return new
        {
            k = TopK,
            queries = queries.Length,
            float32Scan = new { meanMicroseconds = Mean(scanMicros), p99Microseconds = Percentile(scanMicros, 0.99) },
            exact = new
            {
                method = "int8 screen (both-sided score bounds), longest item vectors first, stopped by the norm bound; exact float32 rescoring of the items that can reach the top k",
                itemsReadShare = Math.Round(queries.Average(q => exact.ScreenedItems(q, TopK)) / (double)items.Rows, 3),
                meanMicroseconds = Mean(exactMicros),
                p99Microseconds = Percentile(exactMicros, 0.99),
                answersDifferingFromScan = mismatches,
                targetMicroseconds = 1000,
                toFloat32ScanMeanRatio = Math.Round(Mean(exactMicros) / Mean(scanMicros), 3),
            },
            approximate = table,
            excludingKnownTracks = new
            {
                knownTracks = heard[0].Length,
                float32ScanMeanMicroseconds = Mean(scanHeavy),
                exactMeanMicroseconds = Mean(exactHeavy),
                approximateMeanMicroseconds = Mean(annHeavy),
            },
        };
    }

    private static object Approximate(USearchFactorIndex index, double buildSeconds, float[][] queries, ScoredItem[][] truth)
    {
        var found = new int[queries.Length][];
        var micros = Time(queries.Length, i => found[i] = [.. index.Search(queries[i], TopK, []).Select(s => s.Item)]);
        var recall = queries.Select((_, i) => truth[i].Select(s => s.Item).Intersect(found[i]).Count() / (double)TopK).Average();
        return new
        {
            index = $"USearch HNSW, squared L2 on Euclidean-transformed factors, {index.Settings}",
            buildSeconds = Math.Round(buildSeconds, 2),
            meanMicroseconds = Mean(micros),
            p99Microseconds = Percentile(micros, 0.99),
            recallAt100 = Math.Round(recall, 4),
        };
    }

    private static double[] Time(int n, Action<int> call)
    {
        for (var i = 0; i < Math.Min(n, 20); i++) call(i);
        var micros = new double[n];
        for (var i = 0; i < n; i++)
        {
            var started = Stopwatch.GetTimestamp();
            call(i);
            micros[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }
        return micros;
    }

    private static double[] Repeat(int n, Action call) => Time(n, _ => call());

    private static double Mean(double[] values) => Math.Round(values.Average(), 1);

    private static double Percentile(double[] values, double q) => Math.Round(Latency.Percentile([.. values.Order()], q), 1);
}
