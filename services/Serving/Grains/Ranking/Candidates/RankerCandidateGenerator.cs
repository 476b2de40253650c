namespace OpenMrs.Serving.Grains.Ranking.Candidates;

/// <summary>
/// Candidates from the ranker model (the learned blend of WALS and RP3β by default): its top items for the user's
/// whole history, weighted with the model's own feedback weights, as the model contract's <c>RecommendForHistory</c>
/// scores them. The top <see cref="ExplainedItems"/> carry the history track the model says drove them
/// (<c>Explain</c>); the rest say "matches your taste". Proposes nothing without a ranker or a history it knows.
/// </summary>
public sealed class RankerCandidateGenerator : ICandidateGenerator
{
    public const string Source = "blend";

    /// <summary>Candidates whose reason is looked up (explaining costs about a fold-in each).</summary>
    public const int ExplainedItems = 20;

    public string Name => Source;

    public IEnumerable<Candidate> Generate(RankingContext context)
    {
        if (context.Model.Ranker is not { } ranker || context.User.Feedback is not { Count: > 0 } feedback) return [];
        var model = ranker.Model;
        var history = model.History(feedback.Select(f => (f.TrackId, model.Weight(f.TrackId, f.Counts))));
        if (history.Count == 0) return [];
        var top = model.Recommender.RecommendForHistory(history, Math.Min(model.Items.Count, CandidateBudget.For(context)));
        var candidates = new List<Candidate>(top.Length);
        for (var rank = 0; rank < top.Length; rank++)
        {
            var item = top[rank].Item;
            CandidateReason reason = "matches your taste";
            if (rank < ExplainedItems && model.Recommender.Explain(history, item, 1) is [var strongest] && strongest.Weight > 0)
                reason = new CandidateReason(CandidateReason.Phrase("because you", context.User.InterestIn(model.Items[strongest.HistoryItem])), model.Items[strongest.HistoryItem]);
            candidates.Add(context.NewCandidate(model.Items[item], Source, rank, top[rank].Score, model.Track(item).Artist, reason, ranker, item));
        }
        return candidates;
    }
}
