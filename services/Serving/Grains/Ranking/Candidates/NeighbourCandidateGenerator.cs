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

    /// <summary>Neighbours taken per anchor.</summary>
    public const int NeighboursPerAnchor = 40;

    public static NeighbourCandidateGenerator History() =>
        new(HistorySource, user => user.Recent, maxAnchors: 20, recencyDecay: 0.1, "because you played");

    public static NeighbourCandidateGenerator Session() =>
        new(SessionSource, user => user.Session, maxAnchors: 5, recencyDecay: 0.5, "because you just played");

    public string Name => name;

    public IEnumerable<Candidate> Generate(RankingContext context)
    {
        if (context.Model.Neighbours is not { } part) return [];
        var items = part.Model.Items;
        var totals = new Dictionary<int, (double Score, int Anchor, double Best)>();
        var position = 0;
        foreach (var track in anchors(context.User).Take(maxAnchors))
        {
            var recency = 1 / (1 + recencyDecay * position++);
            if (!items.TryGetIndex(track, out var anchor)) continue;
            foreach (var (neighbour, similarity) in NeighboursOf(part, anchor))
            {
                var contribution = recency * similarity;
                var (score, bestAnchor, best) = totals.GetValueOrDefault(neighbour, (0, -1, double.NegativeInfinity));
                totals[neighbour] = contribution > best ? (score + contribution, anchor, contribution) : (score + contribution, bestAnchor, best);
            }
        }
        return totals
            .Where(kv => kv.Value.Score > 0 && !context.User.Heard.Contains(items[kv.Key]))
            .OrderByDescending(kv => kv.Value.Score).ThenBy(kv => kv.Key)
            .Take(CandidateBudget.For(context))
            .Select((kv, rank) => new Candidate(items[kv.Key], name, rank, kv.Value.Score, part.Model.Track(kv.Key).Artist,
                $"{reasonPrefix} {items[kv.Value.Anchor]}"))
            .ToList();
    }

    /// <summary>The anchor's strongest neighbours in the neighbour model, itself excluded.</summary>
    internal static IEnumerable<(int Item, float Similarity)> NeighboursOf(ModelPart part, int anchor)
    {
        if (part.Model.Recommender is ItemNeighbourhoodModel knn)
        {
            // The stored neighbour row: no dense pass over the catalogue.
            var indices = knn.Neighbours.RowIndices(anchor).ToArray();
            var values = knn.Neighbours.RowValues(anchor).ToArray();
            return indices.Zip(values).OrderByDescending(p => p.Second).Take(NeighboursPerAnchor).Where(p => p.First != anchor);
        }
        return part.Model.Recommender.SimilarItems(anchor, NeighboursPerAnchor).Select(s => (s.Item, s.Score));
    }
}
