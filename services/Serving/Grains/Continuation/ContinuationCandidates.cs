using OpenMrs.Recommender.Numerics;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Ranking.Candidates;

namespace OpenMrs.Serving.Grains.Continuation;

/// <summary>A track the continuation may choose, and where it came from ("cf", "neighbours" or "popular").</summary>
public sealed record ContinuationCandidate(string TrackId, string Source);

/// <summary>
/// Candidates for a playlist continuation, seeds excluded, in the order the models rank them: the personal WALS
/// model's top <see cref="ContinuationOptions.CandidatePool"/> for the seeds folded in as one listener
/// (<c>TrainedModel.History</c> + <c>FoldInUser</c>, every seed weighted 1), then the neighbour model's neighbours of
/// each seed, then the most popular tracks when the models propose fewer than the pool (or there is no model yet).
/// </summary>
public static class ContinuationCandidates
{
    public static IReadOnlyList<ContinuationCandidate> For(ServingModel model, IReadOnlyList<string> seeds, int pool)
    {
        var seen = new HashSet<string>(seeds, StringComparer.Ordinal);
        var result = new List<ContinuationCandidate>();
        void Add(string trackId, string source)
        {
            if (seen.Add(trackId)) result.Add(new ContinuationCandidate(trackId, source));
        }

        if (model.Personal is { Model.Factors: { } factors } personal)
        {
            var history = personal.Model.History(seeds.Select(s => (s, 1f)));
            if (history.Count > 0)
            {
                var scores = FactorScoring.ScoreAll(factors.FoldInUser(history), factors.ItemFactors);
                foreach (var top in TopK.Select(scores, pool, history.Indices)) Add(personal.Model.Items[top.Item], CollaborativeCandidateGenerator.Source);
            }
        }
        if (model.Neighbours is { } neighbours)
            foreach (var seed in seeds)
                if (neighbours.Model.Items.TryGetIndex(seed, out var anchor))
                    foreach (var (item, _) in NeighbourCandidateGenerator.NeighboursOf(neighbours, anchor))
                        Add(neighbours.Model.Items[item], NeighbourCandidateGenerator.HistorySource);
        var popular = model.Popularity.Tracks;
        for (var rank = 0; rank < popular.Length && result.Count < pool; rank++) Add(popular[rank].TrackId, PopularCandidateGenerator.Source);
        return result;
    }
}
