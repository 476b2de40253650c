using OpenMrs.ModelStore.Formats;
using OpenMrs.Recommender.Models.Knn;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Ranking;
using OpenMrs.Serving.Grains.Ranking.Candidates;
using OpenMrs.Serving.Tests.Fixtures;
using OpenMrs.Testing.Planted;

namespace OpenMrs.Serving.Tests.Personal;

/// <summary>Item-neighbour candidates against a plain recomputation from the stored RP3β rows of a planted model.</summary>
public sealed class NeighbourCandidateTests
{
    private static readonly PlantedListenStream Stream = PersonalModels.Stream;
    private static readonly Lazy<ServingModel> Model = new(() => new ServingModel("p-1", PersonalModels.Popularity(),
        DateTimeOffset.UnixEpoch, Neighbours: new ModelPart("i-1", PersonalModels.Trained("rp3b"))));

    /// <param name="exhaustSelection">A budget of 4 (one item asked, 4 candidates per generator) and the strongest neighbours
    /// marked heard, a few more than twice the budget: the generator's bounded selection runs short and must rank the rest.</param>
    [Theory]
    [InlineData(3, false)]
    [InlineData(25, false)]
    [InlineData(25, true)]
    public void Candidates_are_the_anchors_strongest_neighbours_summed_by_recency(int recentCount, bool exhaustSelection)
    {
        var part = Model.Value.Neighbours!;
        var knn = Assert.IsAssignableFrom<ItemNeighbourhoodModel>(part.Model.Recommender);
        var items = part.Model.Items;
        var recent = Stream.TracksOfGroup[0].Concat(Stream.TracksOfGroup[1]).Take(recentCount).ToList();

        // The reference: each anchor's row sorted by similarity (stable), its top 40, the anchor dropped, weighted 1 / (1 + 0.1 × position).
        var expected = new Dictionary<int, (double Score, int Anchor, double Best)>();
        foreach (var (track, position) in recent.Take(20).Select((t, i) => (t, i)))
        {
            Assert.True(items.TryGetIndex(track, out var anchor), track);
            var row = knn.Neighbours.RowIndices(anchor).ToArray().Zip(knn.Neighbours.RowValues(anchor).ToArray())
                .OrderByDescending(p => p.Second).Take(NeighbourCandidateGenerator.NeighboursPerAnchor).Where(p => p.First != anchor);
            foreach (var (neighbour, similarity) in row)
            {
                var contribution = similarity / (1 + 0.1 * position);
                var (score, bestAnchor, best) = expected.GetValueOrDefault(neighbour, (0, -1, double.NegativeInfinity));
                expected[neighbour] = contribution > best ? (score + contribution, anchor, contribution) : (score + contribution, bestAnchor, best);
            }
        }
        var (count, perGenerator) = exhaustSelection ? (1, 4) : (10, CandidateBudget.DefaultPerGenerator);
        var budget = CandidateBudget.For(new RankingContext(UserProfile.Anonymous("u"), Model.Value, count, CandidatesPerGenerator: perGenerator));
        var heard = recent.Take(2).Concat(expected.Where(kv => kv.Value.Score > 0).OrderByDescending(kv => kv.Value.Score).ThenBy(kv => kv.Key)
            .Take(exhaustSelection ? 2 * budget + 5 : 0).Select(kv => items[kv.Key])).ToHashSet();
        var user = new UserProfile("u", heard, new HashSet<string>(), new HashSet<string>(), RecentTracks: recent);
        var context = new RankingContext(user, Model.Value, count, CandidatesPerGenerator: perGenerator);

        var candidates = NeighbourCandidateGenerator.History().Generate(context).ToList();
        var reference = expected.Where(kv => kv.Value.Score > 0 && !heard.Contains(items[kv.Key]))
            .OrderByDescending(kv => kv.Value.Score).ThenBy(kv => kv.Key).Take(budget).ToList();

        Assert.NotEmpty(candidates);
        Assert.Equal(reference.Select(kv => items[kv.Key]), candidates.Select(c => c.TrackId));
        Assert.Equal(reference.Select(kv => kv.Value.Score), candidates.Select(c => c.SourceScore), (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.Equal(reference.Select(kv => $"because you played {items[kv.Value.Anchor]}"), candidates.Select(c => c.TryGetSignal(NeighbourCandidateGenerator.HistorySource, out var s) ? s.Reason.ToString() : "none"));
        Assert.Equal(Enumerable.Range(0, candidates.Count), candidates.Select(c => c.SourceRank));
    }
}
