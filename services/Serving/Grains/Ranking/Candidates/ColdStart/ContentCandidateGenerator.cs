using System.Diagnostics;
using OpenMrs.Recommender.Numerics;
using OpenMrs.Serving.Grains.Content;

namespace OpenMrs.Serving.Grains.Ranking.Candidates.ColdStart;

/// <summary>
/// Cold-start candidates (ALGORITHMS.md C): tracks with no listens, whose item factors the content-to-factors model
/// predicts from their audio embedding and text (<see cref="ColdTrackFactors"/>), ranked by ŷ_i · x_u against the
/// user's fold-in vector. A prediction is a unit vector, so it is scaled by the personal model's mean item-factor norm
/// to stand in for q_i: its signal is the collaborative one (<see cref="CollaborativeCandidateGenerator.Source"/>),
/// weighed and normalised with the warm tracks' q_i · x_u. Proposes nothing without a content model, a personal model
/// with the same factor count, or a user vector. Its span is <c>rank.candidates cold-start</c>.
/// </summary>
public sealed class ContentCandidateGenerator(ColdTrackFactors cold) : ICandidateGenerator
{
    public const string GeneratorName = "cold-start";

    public const string Reason = "new, and its sound and words match your taste";

    public string Name => GeneratorName;

    public IEnumerable<Candidate> Generate(RankingContext context)
    {
        if (context.Model is not { Content: { } content, Personal: { } personal } || context.User.Vector is not { } vector) return [];
        if (cold.For(content, personal) is not { } tracks || tracks.TrackIds.Count == 0) return [];
        Activity.Current?.SetTag("openmrs.cold_tracks", tracks.TrackIds.Count);
        var norms = personal.ItemNorms;
        var scale = norms.Length == 0 ? 1f : norms.Average();
        var scores = FactorScoring.ScoreAll(vector, tracks.Factors);
        var excluded = new List<int>();
        for (var i = 0; i < tracks.TrackIds.Count; i++)
            if (context.User.Heard.Contains(tracks.TrackIds[i]) || context.Exclude?.Contains(tracks.TrackIds[i]) == true) excluded.Add(i);
        var top = TopK.Select(scores, CandidateBudget.For(context), [.. excluded]);
        return top.Where(t => t.Score > 0).Select((t, rank) => context.NewCandidate(
            tracks.TrackIds[t.Item], CollaborativeCandidateGenerator.Source, rank, t.Score * scale, tracks.Artists[t.Item], Reason)).ToList();
    }
}
