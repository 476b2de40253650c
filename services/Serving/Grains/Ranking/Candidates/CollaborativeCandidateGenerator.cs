using System.Buffers;
using System.Diagnostics;
using OpenMrs.Recommender.Data;
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
        var index = indexes.For(personal);
        Activity.Current?.SetTag("openmrs.factor_index", index.Name);
        var top = index.Search(vector, CandidateBudget.For(context), HeardItems(context.User, items));

        var reasons = new Evidence(context.User, personal, EvidenceItems(context.User, items));
        var candidates = new Candidate[top.Length];
        for (var rank = 0; rank < top.Length; rank++)
        {
            var item = top[rank].Item;
            candidates[rank] = context.NewCandidate(items[item], Source, rank, top[rank].Score, personal.Model.Track(item).Artist, new CandidateReason(reasons, item), personal, item);
        }
        return candidates;
    }

    /// <returns>The personal model's indices of the user's heard tracks, ascending (one exact-size array).</returns>
    private static int[] HeardItems(UserProfile user, IdMap items)
    {
        var buffer = ArrayPool<int>.Shared.Rent(user.Heard.Count);
        try
        {
            var found = 0;
            foreach (var track in user.Heard)
                if (items.TryGetIndex(track, out var i)) buffer[found++] = i;
            var heard = buffer.AsSpan(0, found);
            heard.Sort();
            return heard.ToArray();
        }
        finally
        {
            ArrayPool<int>.Shared.Return(buffer);
        }
    }

    /// <returns>The indices of the first <see cref="EvidenceTracks"/> recent tracks the model knows, most recent first, each once.</returns>
    private static int[] EvidenceItems(UserProfile user, IdMap items)
    {
        Span<int> found = stackalloc int[EvidenceTracks];
        var count = 0;
        var recent = user.Recent;
        for (var r = 0; r < recent.Count && r < EvidenceTracks; r++)
            if (items.TryGetIndex(recent[r], out var i) && !found[..count].Contains(i)) found[count++] = i;
        return found[..count].ToArray();
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
