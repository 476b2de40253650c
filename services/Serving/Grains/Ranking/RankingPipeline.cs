using OpenMrs.Serving.GrainInterfaces.Users;

namespace OpenMrs.Serving.Grains.Ranking;

/// <summary>
/// Candidates → scoring → re-ranking. Candidates proposed by several generators are merged by track id (the one
/// with the strongest source signal is kept), sorted by score, re-ranked, and cut to the requested count.
/// </summary>
public sealed class RankingPipeline(
    IEnumerable<ICandidateGenerator> generators,
    ICandidateScorer scorer,
    IEnumerable<IReRanker> reRankers)
{
    private readonly ICandidateGenerator[] _generators = generators.ToArray();
    private readonly IReRanker[] _reRankers = reRankers.ToArray();

    public IReadOnlyList<RecommendedItem> Rank(RankingContext context)
    {
        var merged = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        foreach (var generator in _generators)
        foreach (var candidate in generator.Generate(context))
        {
            if (!merged.TryGetValue(candidate.TrackId, out var existing) || candidate.SourceScore > existing.SourceScore)
                merged[candidate.TrackId] = candidate;
        }

        var candidates = merged.Values.ToList();
        scorer.Score(context, candidates);
        IReadOnlyList<Candidate> ranked = candidates
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.SourceRank)
            .ThenBy(c => c.TrackId, StringComparer.Ordinal)
            .ToList();
        foreach (var reRanker in _reRankers) ranked = reRanker.ReRank(context, ranked);

        return ranked.Take(context.Count).Select(c => new RecommendedItem(c.TrackId, c.Score, c.Reason)).ToList();
    }
}
