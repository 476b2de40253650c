using OpenMrs.Serving.Grains.Models;

namespace OpenMrs.Serving.Grains.Ranking;

/// <summary>One ranking request: who, with which models, how many items, how diverse, and what never to return.</summary>
/// <param name="Diversity">MMR λ in [0, 1]; 0 turns MMR off.</param>
/// <param name="Weights">Scoring weights of the user's A/B variant; null uses the configured ones.</param>
/// <param name="CandidatesPerGenerator">Candidates each generator proposes at most unless <paramref name="Count"/> asks for more (<c>Serving:CandidatesPerGenerator</c>; <see cref="Candidates.CandidateBudget"/>).</param>
public sealed record RankingContext(
    UserProfile User, ServingModel Model, int Count, double Diversity = 0, IReadOnlySet<string>? Exclude = null,
    Scoring.ScoringWeights? Weights = null, int CandidatesPerGenerator = Candidates.CandidateBudget.DefaultPerGenerator)
{
    /// <summary>True for a track the user heard, disliked or banned, or the request excludes: never returned.</summary>
    public bool Excludes(string trackId) =>
        User.Heard.Contains(trackId) || User.Disliked.Contains(trackId) || User.Banned.Contains(trackId) || Exclude?.Contains(trackId) == true;
}
