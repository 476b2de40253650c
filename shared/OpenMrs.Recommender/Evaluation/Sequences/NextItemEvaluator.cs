using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Evaluation.Metrics;
using OpenMrs.Recommender.Models;

namespace OpenMrs.Recommender.Evaluation.Sequences;

/// <summary>Next-track metrics at one cut-off, averaged over every predicted step.</summary>
public sealed record NextItemMetrics(int K, double HitRate, double Mrr, double Ndcg);

/// <summary>Mean keysim and temposim (each in [−1, 1], higher is smoother) over the transitions whose two tracks have descriptors.</summary>
public sealed record Smoothness(double Key, double Tempo, long Transitions);

/// <param name="Continuation">Smoothness of last track → the model's top-1 track; null without descriptors or covered steps.</param>
/// <param name="Actual">Smoothness of last track → the track actually played next, on the same steps: the data's own reference.</param>
public sealed record NextItemResult(int Sessions, long Steps, long SkippedColdSteps, IReadOnlyList<NextItemMetrics> AtK)
{
    public Smoothness? Continuation { get; init; }
    public Smoothness? Actual { get; init; }

    public NextItemMetrics At(int k) => AtK.FirstOrDefault(m => m.K == k) ?? throw new KeyNotFoundException($"k={k} was not evaluated");
}

/// <summary>
/// Sequence-aware evaluation (next-track prediction): for every held-out session and every position after the
/// first, the model sees the session so far as a history (<see cref="IRecommender.RecommendForHistory"/>) and is
/// scored on where it ranks the track actually played next. Steps whose next track never occurs in training are
/// skipped and counted, since no model can rank them. By default a repeat of a track already in the prefix is skipped
/// too and histories exclude seen items; with <c>repeats</c> every next play is a target, as in the published session
/// protocols (session-rec, Ludewig et al. 2021), and the model may rank the prefix's own tracks. Sessions are scored in
/// parallel, but their sums are added in session order, so the result does not depend on thread scheduling. History
/// values are 1 by default; with <c>positionValues</c> each track carries its 1-based position in the session so far
/// (the latest play of a repeat), for order-aware models (<see cref="ISessionRecommender"/>). With
/// <c>descriptors</c> it also reports the key and tempo smoothness of the top-1 continuation and of the actual next track.
/// </summary>
public static class NextItemEvaluator
{
    /// <summary>Sessions whose sums are added together before the chunks are added in order.</summary>
    private const int ChunkSize = 64;

    /// <param name="sessions">Held-out sessions, each a sequence of item indices in time order.</param>
    /// <exception cref="DegenerateDataException">No session, or no step of any session can be scored.</exception>
    public static NextItemResult Evaluate(
        IRecommender model, CsrMatrix train, IReadOnlyList<int[]> sessions, IReadOnlyList<int> ks, int? threads = null,
        CancellationToken cancellationToken = default, bool positionValues = false, bool repeats = false, TrackDescriptors? descriptors = null)
    {
        if (ks.Count == 0 || ks.Any(k => k < 1)) throw new ArgumentException("cut-offs must be positive", nameof(ks));
        RequireScorableSteps(train, sessions, repeats);
        var cuts = ks.Distinct().Order().ToArray();
        var known = KnownItems(train);

        var chunks = new Tally[(sessions.Count + ChunkSize - 1) / ChunkSize];
        Parallel.For(0, chunks.Length,
            new ParallelOptions { MaxDegreeOfParallelism = threads ?? -1, CancellationToken = cancellationToken },
            c =>
            {
                var tally = new Tally(cuts.Length);
                for (var s = c * ChunkSize; s < Math.Min(sessions.Count, (c + 1) * ChunkSize); s++)
                    Walk(sessions[s], known, repeats, tally, (prefix, last, next) => Score(model, prefix, last, next, cuts, tally, positionValues, repeats, descriptors));
                chunks[c] = tally;
            });

        var total = new Tally(cuts.Length);
        foreach (var chunk in chunks) total.Add(chunk);
        var steps = total.Steps;
        var atK = cuts.Select((k, i) => new NextItemMetrics(k,
            total.Sums[i, 0] / steps, total.Sums[i, 1] / steps, total.Sums[i, 2] / steps)).ToList();
        return new NextItemResult(sessions.Count, steps, total.Cold, atK)
        {
            Continuation = total.Covered == 0 ? null : new Smoothness(total.Smooth[0] / total.Covered, total.Smooth[1] / total.Covered, total.Covered),
            Actual = total.Covered == 0 ? null : new Smoothness(total.Smooth[2] / total.Covered, total.Smooth[3] / total.Covered, total.Covered),
        };
    }

    /// <summary>
    /// Throws <see cref="DegenerateDataException"/> unless some step of <paramref name="sessions"/> can be scored against
    /// <paramref name="train"/>: a next track that occurs in training and (unless <paramref name="repeats"/>) is not
    /// already in the session so far.
    /// </summary>
    public static void RequireScorableSteps(CsrMatrix train, IReadOnlyList<int[]> sessions, bool repeats = false)
    {
        if (sessions.Count == 0) throw new DegenerateDataException("there are no held-out sessions to evaluate");
        var known = KnownItems(train);
        var tally = new Tally(0);
        foreach (var session in sessions) Walk(session, known, repeats, tally, null);
        if (tally.Steps == 0)
            throw new DegenerateDataException(
                $"no step of the {sessions.Count} held-out session(s) can be scored: every next track is missing from training or repeats the session so far; use a larger file");
    }

    private static bool[] KnownItems(CsrMatrix train)
    {
        var known = new bool[train.Columns];
        foreach (var item in train.ColumnIndices) known[item] = true;
        return known;
    }

    /// <summary>
    /// Counts the session's scorable and cold steps, calling <paramref name="score"/> (prefix, last track, next track)
    /// on each scorable one.
    /// </summary>
    private static void Walk(int[] session, bool[] known, bool repeats, Tally tally, Action<SortedDictionary<int, float>, int, int>? score)
    {
        var prefix = new SortedDictionary<int, float>();
        for (var t = 0; t < session.Length; t++)
        {
            var next = session[t];
            if (t > 0 && (repeats || !prefix.ContainsKey(next)))
            {
                if ((uint)next >= (uint)known.Length || !known[next]) tally.Cold++;
                else
                {
                    score?.Invoke(prefix, session[t - 1], next);
                    tally.Steps++;
                }
            }
            prefix[next] = t + 1;
        }
    }

    private static void Score(
        IRecommender model, SortedDictionary<int, float> prefix, int last, int next, int[] cuts, Tally tally, bool positionValues, bool repeats,
        TrackDescriptors? descriptors)
    {
        var history = new SparseRow([.. prefix.Keys], positionValues ? [.. prefix.Values] : [.. Enumerable.Repeat(1f, prefix.Count)]);
        var list = model.RecommendForHistory(history, cuts[^1], excludeSeen: !repeats);
        if (descriptors is not null && list.Length > 0 && descriptors.Has(last) && descriptors.Has(next) && descriptors.Has(list[0].Item))
        {
            var (key, tempo) = descriptors.Transition(last, list[0].Item);
            var (actualKey, actualTempo) = descriptors.Transition(last, next);
            tally.Smooth[0] += key;
            tally.Smooth[1] += tempo;
            tally.Smooth[2] += actualKey;
            tally.Smooth[3] += actualTempo;
            tally.Covered++;
        }
        var gains = list.Select(r => r.Item == next ? 1f : 0f).ToArray();
        var ranking = new UserRanking(gains, [1f]);
        for (var i = 0; i < cuts.Length; i++)
        {
            tally.Sums[i, 0] += ranking.HitRate(cuts[i]);
            tally.Sums[i, 1] += ranking.ReciprocalRank(cuts[i]);
            tally.Sums[i, 2] += ranking.Ndcg(cuts[i]);
        }
    }

    /// <summary>Per-cut-off sums of HitRate, MRR and NDCG, with the steps scored and skipped as cold.</summary>
    private sealed class Tally(int cuts)
    {
        public double[,] Sums { get; } = new double[cuts, 3];
        public long Steps { get; set; }
        public long Cold { get; set; }

        /// <summary>keysim and temposim sums of the continuations, then of the actual next tracks, over <see cref="Covered"/> steps.</summary>
        public double[] Smooth { get; } = new double[4];
        public long Covered { get; set; }

        public void Add(Tally other)
        {
            for (var i = 0; i < Sums.GetLength(0); i++)
                for (var m = 0; m < 3; m++) Sums[i, m] += other.Sums[i, m];
            for (var m = 0; m < Smooth.Length; m++) Smooth[m] += other.Smooth[m];
            Steps += other.Steps;
            Cold += other.Cold;
            Covered += other.Covered;
        }
    }
}
