using System.Diagnostics;
using OpenMrs.Serving.Grains.Ranking.Candidates.FactorSearch;

namespace OpenMrs.Serving.Grains.Ranking.Candidates;

/// <summary>
/// Collaborative candidates: the top-k of q_i · x_u over the item factor rows, x_u the user's fold-in vector, from the
/// model's <see cref="IFactorIndex"/> (exact SIMD scan, or approximate HNSW above <c>Serving:AnnAboveItems</c> items;
/// the span's <c>openmrs.factor_index</c> tag says which). Each candidate's reason names the recent track whose
/// factors are closest to it ("because you played X"). Proposes nothing without a personal model or a user vector.
/// </summary>
public sealed class CollaborativeCandidateGenerator(FactorIndexCache indexes) : ICandidateGenerator
{
    public const string Source = "cf";

    /// <summary>Recent tracks considered as the evidence a reason names.</summary>
    public const int EvidenceTracks = 50;

    public string Name => Source;

    public IEnumerable<Candidate> Generate(RankingContext context)
    {
        if (context.Model.Personal is not { } personal || personal.Model.Factors is null || context.User.Vector is not { } vector)
            return [];
        var items = personal.Model.Items;
        var excluded = new List<int>(context.User.Heard.Count);
        foreach (var track in context.User.Heard)
            if (items.TryGetIndex(track, out var i)) excluded.Add(i);
        excluded.Sort();
        var index = indexes.For(personal);
        Activity.Current?.SetTag("openmrs.factor_index", index.Name);
        var top = index.Search(vector, CandidateBudget.For(context), [.. excluded]);

        var reasons = new Evidence(context.User, personal, context.User.Recent.Take(EvidenceTracks)
            .Select(t => items.TryGetIndex(t, out var i) ? i : -1).Where(i => i >= 0).Distinct().ToArray());
        var candidates = new Candidate[top.Length];
        for (var rank = 0; rank < top.Length; rank++)
        {
            var item = top[rank].Item;
            candidates[rank] = context.NewCandidate(items[item], Source, rank, top[rank].Score, personal.Model.Track(item).Artist, new CandidateReason(reasons, item), personal, item);
        }
        return candidates;
    }

    /// <summary>
    /// Names the recent track whose factors are closest (cosine) to an item's; resolved only for items shown.
    /// </summary>
    private sealed class Evidence(UserProfile user, Models.ModelPart personal, int[] anchors) : IReasonSource
    {
        public CandidateReason Explain(int item)
        {
            var best = -1;
            var bestCosine = 0f;
            for (var a = 0; a < anchors.Length; a++)
            {
                var cosine = personal.FactorCosine(anchors[a], item) ?? 0;
                if (cosine > bestCosine) (best, bestCosine) = (a, cosine);
            }
            if (best < 0) return "matches your taste";
            var track = personal.Model.Items[anchors[best]];
            return new CandidateReason(CandidateReason.Phrase("because you", user.InterestIn(track)), track);
        }
    }
}
