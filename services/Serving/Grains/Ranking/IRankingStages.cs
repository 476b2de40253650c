namespace OpenMrs.Serving.Grains.Ranking;

/// <summary>Stage 1: proposes candidates (hundreds), independently of other generators.</summary>
public interface ICandidateGenerator
{
    /// <summary>The generator's name: its signal's key on candidates, its span and its configuration key.</summary>
    string Name { get; }

    IEnumerable<Candidate> Generate(RankingContext context);
}

/// <summary>Stage 2: gives every candidate one comparable <see cref="Candidate.Score"/>.</summary>
public interface ICandidateScorer
{
    void Score(RankingContext context, IReadOnlyList<Candidate> candidates);
}

/// <summary>Stage 3: filters and reorders the scored list (exclusions, diversity, ...). Runs in registration order.</summary>
public interface IReRanker
{
    IReadOnlyList<Candidate> ReRank(RankingContext context, IReadOnlyList<Candidate> ranked);
}
