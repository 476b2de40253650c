namespace OpenMrs.Serving.Grains.Ranking.Scoring;

/// <summary>Scores a candidate by its popularity relative to the model's most popular track, in [0, 1].</summary>
public sealed class PopularityScorer : ICandidateScorer
{
    public void Score(RankingContext context, IReadOnlyList<Candidate> candidates)
    {
        var top = context.Model.Popularity.TopScore;
        foreach (var candidate in candidates)
            candidate.Score = top > 0 ? candidate.SourceScore / top : 0;
    }
}
