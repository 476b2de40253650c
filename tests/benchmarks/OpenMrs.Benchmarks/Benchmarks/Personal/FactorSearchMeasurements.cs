using System.Diagnostics;
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

    /// <summary>Fold-in time per call (the grain folds in once per applied event batch), for a user with about <paramref name="interactions"/> interactions.</summary>
    public static object FoldIn(ModelPart personal, SyntheticListens listens, int user, int interactions)
    {
        var state = StateWith(listens, user, interactions);
        var micros = Repeat(Math.Max(200, 100_000 / interactions), () => UserFoldIn.Compute(personal, state));
        return new { interactions = state.Tracks.Count, meanMicroseconds = Mean(micros), p99Microseconds = Percentile(micros, 0.99), targetMicroseconds = 200 };
    }

    /// <summary>Per-query time of the exact scan and the approximate index, and the approximate index's recall@100.</summary>
    public static async Task<object> SearchAsync(ModelPart personal, float[][] queries, int[][] heard, int annAboveItems)
    {
        var exact = new ExactFactorIndex(personal.Model.Factors!.ItemFactors);
        var cache = new FactorIndexCache(annAboveItems);
        var clock = Stopwatch.StartNew();
        var approximate = await cache.WhenReadyAsync(personal);
        var buildSeconds = clock.Elapsed.TotalSeconds;
        if (approximate is not USearchFactorIndex) return new { error = cache.AnnUnavailable ?? "no approximate index was built" };

        var truth = queries.Select(q => exact.Search(q, TopK, [])).ToArray();
        var found = new int[queries.Length][];
        var exactMicros = Time(queries.Length, i => exact.Search(queries[i], TopK, []));
        var annMicros = Time(queries.Length, i => found[i] = [.. approximate.Search(queries[i], TopK, []).Select(s => s.Item)]);
        var recall = queries.Select((_, i) => truth[i].Select(s => s.Item).Intersect(found[i]).Count() / (double)TopK).Average();
        // A user with many known tracks: the generator asks for 100 items that are none of them.
        var exactHeavy = Time(queries.Length, i => exact.Search(queries[i], TopK, heard[i]));
        var annHeavy = Time(queries.Length, i => approximate.Search(queries[i], TopK, heard[i]));
        return new
        {
            k = TopK,
            queries = queries.Length,
            exact = new { meanMicroseconds = Mean(exactMicros), p99Microseconds = Percentile(exactMicros, 0.99), targetMicroseconds = 1000 },
            approximate = new
            {
                index = $"USearch HNSW, squared L2 on Euclidean-transformed factors, M {USearchFactorIndex.Connectivity}, ef {USearchFactorIndex.ExpansionSearch}",
                buildSeconds = Math.Round(buildSeconds, 2),
                meanMicroseconds = Mean(annMicros),
                p99Microseconds = Percentile(annMicros, 0.99),
                recallAt100 = Math.Round(recall, 4),
            },
            excludingKnownTracks = new
            {
                knownTracks = heard[0].Length,
                exactMeanMicroseconds = Mean(exactHeavy),
                approximateMeanMicroseconds = Mean(annHeavy),
            },
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
