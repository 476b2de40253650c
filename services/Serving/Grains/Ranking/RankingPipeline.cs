using System.Diagnostics;
using OpenMrs.Serving.GrainInterfaces.Users;

namespace OpenMrs.Serving.Grains.Ranking;

/// <summary>
/// Candidates → scoring → re-ranking. Each generator runs in its own span; candidates proposed by several generators
/// are merged by track id (keeping every generator's signal), scored, sorted, re-ranked, and cut to the count.
/// </summary>
public sealed class RankingPipeline(
    IEnumerable<ICandidateGenerator> generators,
    ICandidateScorer scorer,
    IEnumerable<IReRanker> reRankers)
{
    /// <summary>The activity source of the ranking spans (<c>rank.candidates {generator}</c>, <c>rank.score</c>, <c>rank.rerank</c>).</summary>
    public static readonly ActivitySource Activities = new("OpenMrs.Serving.Ranking");

    private readonly ICandidateGenerator[] _generators = generators.ToArray();
    private readonly IReRanker[] _reRankers = reRankers.ToArray();

    // Score descending, then the better generator rank, then the track id: a total order, so lists are reproducible.
    private static readonly Comparison<Candidate> ByScore = static (a, b) =>
        b.Score.CompareTo(a.Score) is var byScore and not 0 ? byScore
        : a.SourceRank.CompareTo(b.SourceRank) is var byRank and not 0 ? byRank
        : string.CompareOrdinal(a.TrackId, b.TrackId);

    /// <summary>All three stages: the ranked list, at most <see cref="RankingContext.Count"/> items. Its candidates are made in
    /// this thread's <see cref="CandidateArena"/> (none of them outlives the call).</summary>
    public IReadOnlyList<RecommendedItem> Rank(RankingContext context)
    {
        var arena = t_arena ??= new CandidateArena();
        var candidates = t_candidates ??= [];
        try
        {
            var pass = context with { Arena = arena };
            Gather(pass, candidates);
            return Order(pass, candidates, inPlace: true);
        }
        finally
        {
            if (candidates.Capacity > KeptListCapacity) t_candidates = null;
            candidates.Clear();
            arena.Release();
        }
    }

    [ThreadStatic] private static CandidateArena? t_arena;

    // A ranking's merged candidates, per thread and reused like the arena's, and cleared with it.
    [ThreadStatic] private static List<Candidate>? t_candidates;

    /// <summary>A thread keeps its candidate list up to this capacity; a huge budget's list is let go.</summary>
    private const int KeptListCapacity = 4 * CandidateArena.MaxKept;

    // The merge map, per thread and reused (Candidates is synchronous and the map never leaves it): grown afresh for a
    // few hundred candidates it was a quarter of a miss's allocations, and collections pause every request in flight.
    [ThreadStatic] private static Dictionary<string, Candidate>? t_merged;

    /// <summary>Stage 1 alone: every generator's candidates, merged by track id (signals kept), unscored; made in
    /// <paramref name="context"/>'s <see cref="RankingContext.Arena"/> when it has one, else each allocated, so they may be kept.</summary>
    public List<Candidate> Candidates(RankingContext context)
    {
        var candidates = new List<Candidate>();
        Gather(context, candidates);
        return candidates;
    }

    /// <summary>Every generator's candidates, merged by track id, into <paramref name="candidates"/> (emptied first).</summary>
    private void Gather(RankingContext context, List<Candidate> candidates)
    {
        var merged = t_merged ??= new Dictionary<string, Candidate>(StringComparer.Ordinal);
        merged.Clear();
        foreach (var generator in _generators)
        {
            using var span = Activities.StartActivity($"rank.candidates {generator.Name}");
            var proposed = 0;
            foreach (var candidate in generator.Generate(context))
            {
                proposed++;
                if (merged.TryGetValue(candidate.TrackId, out var existing)) existing.Merge(candidate);
                else merged[candidate.TrackId] = candidate;
            }
            span?.SetTag("openmrs.candidates", proposed);
        }

        candidates.Clear();
        candidates.EnsureCapacity(merged.Count);
        foreach (var (_, candidate) in merged) candidates.Add(candidate);
        merged.Clear();
    }

    /// <summary>
    /// Stages 2 and 3 over <paramref name="candidates"/> (from <see cref="Candidates"/>): scores them (overwriting each
    /// <see cref="Candidate.Score"/> and reason, so the same list can be re-scored with other weights), sorts,
    /// re-ranks and cuts to the count.
    /// </summary>
    public IReadOnlyList<RecommendedItem> Order(RankingContext context, IReadOnlyList<Candidate> candidates) => Order(context, candidates, inPlace: false);

    /// <param name="inPlace">Sort <paramref name="candidates"/> (a list) in place instead of a copy of it.</param>
    private IReadOnlyList<RecommendedItem> Order(RankingContext context, IReadOnlyList<Candidate> candidates, bool inPlace)
    {
        using (Activities.StartActivity("rank.score")) scorer.Score(context, candidates);
        IReadOnlyList<Candidate> ranked;
        if (inPlace && candidates is List<Candidate> list)
        {
            list.Sort(ByScore);
            ranked = list;
        }
        else
        {
            var copy = candidates.ToArray();
            Array.Sort(copy, ByScore);
            ranked = copy;
        }
        using (Activities.StartActivity("rank.rerank"))
            foreach (var reRanker in _reRankers) ranked = reRanker.ReRank(context, ranked);

        var items = new RecommendedItem[Math.Min(context.Count, ranked.Count)];
        for (var i = 0; i < items.Length; i++)
        {
            var (phrase, evidence) = ranked[i].Reason.Parts;
            items[i] = new RecommendedItem(ranked[i].TrackId, ranked[i].Score, phrase, evidence);
        }
        return items;
    }
}
