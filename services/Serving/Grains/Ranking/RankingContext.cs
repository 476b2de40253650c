using OpenMrs.Serving.Grains.Models;

namespace OpenMrs.Serving.Grains.Ranking;

/// <summary>One ranking request: who, with which models, how many items, how diverse, and what never to return.</summary>
/// <param name="Diversity">MMR λ in [0, 1]; 0 turns MMR off.</param>
/// <param name="Weights">Scoring weights of the user's A/B variant; null uses the configured ones.</param>
/// <param name="CandidatesPerGenerator">Candidates each generator proposes at most unless <paramref name="Count"/> asks for more (<c>Serving:CandidatesPerGenerator</c>; <see cref="Candidates.CandidateBudget"/>).</param>
/// <param name="Arena">Where this pass's candidates are made (<see cref="RankingPipeline.Rank"/> sets it); null allocates each one, so they may be kept.</param>
public sealed record RankingContext(
    UserProfile User, ServingModel Model, int Count, double Diversity = 0, IReadOnlySet<string>? Exclude = null,
    Scoring.ScoringWeights? Weights = null, int CandidatesPerGenerator = Candidates.CandidateBudget.DefaultPerGenerator,
    CandidateArena? Arena = null)
{
    /// <summary>A new candidate for this pass (see <see cref="Candidate"/>'s constructor), from <see cref="Arena"/> when there is one.</summary>
    public Candidate NewCandidate(string trackId, string source, int sourceRank, double sourceScore, string artist, CandidateReason reason,
        ModelPart? origin = null, int originItem = -1) =>
        Arena?.Make(trackId, source, sourceRank, sourceScore, artist, reason, origin, originItem)
        ?? new Candidate(trackId, source, sourceRank, sourceScore, artist, reason, origin, originItem);

    /// <summary>True for a track the user heard, disliked or banned, or the request excludes: never returned.</summary>
    public bool Excludes(string trackId) =>
        User.Heard.Contains(trackId) || User.Disliked.Contains(trackId) || User.Banned.Contains(trackId) || Exclude?.Contains(trackId) == true;
}
