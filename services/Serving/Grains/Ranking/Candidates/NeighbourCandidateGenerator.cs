using System.Runtime.InteropServices;
using OpenMrs.Recommender.Models.Knn;
using OpenMrs.Serving.Grains.Models;

namespace OpenMrs.Serving.Grains.Ranking.Candidates;

/// <summary>
/// Item-neighbour candidates from the published neighbour model (RP3β or item kNN, or any model's similar items): the
/// neighbours of a few anchor tracks, each weighted by the anchor's recency (1 / (1 + decay × position)) times the
/// similarity, summed over anchors. The reason names the anchor that contributed most. Two instances serve:
/// <see cref="History"/> (the user's recent listens) and <see cref="Session"/> (the current session's last tracks).
/// </summary>
public sealed class NeighbourCandidateGenerator(
    string name, Func<UserProfile, IReadOnlyList<string>> anchors, int maxAnchors, double recencyDecay, string reasonPrefix) : ICandidateGenerator
{
    public const string HistorySource = "neighbours";
    public const string SessionSource = "session";

    /// <summary>Recent tracks the history generator expands (the session generator takes fewer).</summary>
    public const int HistoryAnchors = 20;

    /// <summary>Neighbours taken per anchor.</summary>
    public const int NeighboursPerAnchor = 40;

    public static NeighbourCandidateGenerator History() =>
        new(HistorySource, user => user.Recent, maxAnchors: HistoryAnchors, recencyDecay: 0.1, "because you");

    public static NeighbourCandidateGenerator Session() =>
        new(SessionSource, user => user.Session, maxAnchors: 5, recencyDecay: 0.5, "because you just");

    public string Name => name;

    // Per-thread scratch reused across requests (Generate is synchronous): the map and the ranking were half of a miss's
    // allocations, and every collection they caused paused all requests in flight.
    [ThreadStatic] private static Scratch? t_scratch;

    public IEnumerable<Candidate> Generate(RankingContext context)
    {
        if (context.Model.Neighbours is not { } part) return [];
        var items = part.Model.Items;
        var scratch = t_scratch ??= new Scratch();
        var totals = scratch.Totals;
        var ranked = scratch.Ranked;
        totals.Clear();
        ranked.Clear();
        var position = 0;
        foreach (var track in anchors(context.User).Take(maxAnchors))
        {
            var recency = 1 / (1 + recencyDecay * position++);
            if (!items.TryGetIndex(track, out var anchor)) continue;
            foreach (var (neighbour, similarity) in part.NeighbourRow(anchor, NeighboursPerAnchor, NeighboursOf))
            {
                var contribution = recency * similarity;
                ref var total = ref CollectionsMarshal.GetValueRefOrAddDefault(totals, neighbour, out var existed);
                if (!existed) total = new Total(0, -1, double.NegativeInfinity);
                total = contribution > total.Best ? new Total(total.Score + contribution, anchor, contribution) : total with { Score = total.Score + contribution };
            }
        }

        var budget = CandidateBudget.For(context);
        // Only the strongest can enter the budget: a bounded selection of twice the budget, strongest first (a prefix of
        // the whole order); the rest is ranked only when known tracks leave that short of the budget.
        var everything = SelectStrongest(totals, ranked, scratch.Selection, 2 * budget);
        var candidates = new List<Candidate>(Math.Min(ranked.Count, budget));
        // Known tracks are skipped in rank order, so only the ones that would enter the budget are looked up.
        for (var at = 0; candidates.Count < budget; at++)
        {
            if (at == ranked.Count)
            {
                if (everything) break;
                everything = SelectStrongest(totals, ranked, scratch.Selection, int.MaxValue); // the same order, longer
                if (at == ranked.Count) break;
            }
            var (item, total) = ranked[at];
            var track = items[item];
            if (context.User.Heard.Contains(track)) continue;
            var anchor = items[total.Anchor];
            var reason = new CandidateReason(CandidateReason.Phrase(reasonPrefix, context.User.InterestIn(anchor)), anchor);
            candidates.Add(context.NewCandidate(track, name, candidates.Count, total.Score, part.Model.Track(item).Artist, reason, part, item));
        }
        return candidates;
    }

    /// <summary>The anchor's strongest neighbours in the neighbour model, itself excluded.</summary>
    internal static (int Item, float Similarity)[] NeighboursOf(ModelPart part, int anchor) =>
        part.NeighbourRow(anchor, NeighboursPerAnchor, NeighboursOf).ToArray();

    /// <summary>
    /// The <paramref name="count"/> strongest positive totals into <paramref name="ranked"/>, strongest first: a heap of
    /// that many instead of sorting the few hundred to few thousand totals. True when every positive total was taken.
    /// </summary>
    private static bool SelectStrongest(Dictionary<int, Total> totals, List<(int Item, Total Total)> ranked,
        PriorityQueue<(int Item, Total Total), Strength> weakestFirst, int count)
    {
        ranked.Clear();
        weakestFirst.Clear();
        var positive = 0;
        foreach (var (item, total) in totals)
        {
            if (total.Score <= 0) continue;
            positive++;
            var strength = new Strength(total.Score, item);
            if (weakestFirst.Count < count) weakestFirst.Enqueue((item, total), strength);
            else if (weakestFirst.TryPeek(out _, out var weakest) && strength.CompareTo(weakest) > 0) weakestFirst.DequeueEnqueue((item, total), strength);
        }
        while (weakestFirst.Count > 0) ranked.Add(weakestFirst.Dequeue());
        ranked.Reverse();
        return ranked.Count == positive;
    }

    /// <summary>
    /// The selection heap's order, weakest first: the lower score, then the higher item (the reverse of the list's order).
    /// A struct priority with the default comparer, since a comparer delegate per comparison was a tenth of a miss's ranking.
    /// </summary>
    private readonly record struct Strength(double Score, int Item) : IComparable<Strength>
    {
        public int CompareTo(Strength other) => Score.CompareTo(other.Score) is var byScore and not 0 ? byScore : other.Item.CompareTo(Item);
    }

    /// <summary>
    /// Writes the anchor's strongest neighbours to <paramref name="buffer"/> (at most its length), strongest first and
    /// ties by item index, the anchor itself dropped; returns how many.
    /// </summary>
    private static int NeighboursOf(ModelPart part, int anchor, Span<(int Item, float Similarity)> buffer)
    {
        if (part.Model.Recommender is ItemNeighbourhoodModel knn)
        {
            // The stored neighbour row: no dense pass over the catalogue.
            var kept = StrongestFirst(knn.Neighbours.RowIndices(anchor), knn.Neighbours.RowValues(anchor), buffer);
            var written = 0;
            for (var i = 0; i < kept; i++)
                if (buffer[i].Item != anchor) buffer[written++] = buffer[i];
            return written;
        }
        var count = 0;
        foreach (var similar in part.Model.Recommender.SimilarItems(anchor, buffer.Length))
        {
            if (count == buffer.Length) break;
            buffer[count++] = (similar.Item, similar.Score);
        }
        return count;
    }

    /// <summary>
    /// The <c>top.Length</c> largest values of a row (columns ascending) into <paramref name="top"/>, largest first; equal
    /// values keep column order. Insertion into the short kept prefix: rows are a few hundred long, top is 40.
    /// </summary>
    private static int StrongestFirst(ReadOnlySpan<int> columns, ReadOnlySpan<float> values, Span<(int Item, float Similarity)> top)
    {
        var kept = 0;
        for (var i = 0; i < columns.Length; i++)
        {
            var value = values[i];
            if (kept == top.Length && !(value > top[kept - 1].Similarity)) continue;
            var at = kept == top.Length ? kept - 1 : kept++;
            while (at > 0 && top[at - 1].Similarity < value)
            {
                top[at] = top[at - 1];
                at--;
            }
            top[at] = (columns[i], value);
        }
        return kept;
    }

    private readonly record struct Total(double Score, int Anchor, double Best);

    /// <summary>Sized for the history generator's anchors at once, so nothing grows mid-request.</summary>
    private sealed class Scratch
    {
        public readonly Dictionary<int, Total> Totals = new(HistoryAnchors * NeighboursPerAnchor);
        public readonly List<(int Item, Total Total)> Ranked = new(HistoryAnchors * NeighboursPerAnchor);
        public readonly PriorityQueue<(int Item, Total Total), Strength> Selection = new(HistoryAnchors * NeighboursPerAnchor);
    }
}
