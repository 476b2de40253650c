namespace OpenMrs.Serving.Grains.Ranking.Candidates;

/// <summary>How many candidates a generator proposes: enough that the count survives exclusions and re-ranking.</summary>
public static class CandidateBudget
{
    public const int Minimum = 100;
    public const int PerItem = 4;

    public static int For(RankingContext context) => Math.Max(Minimum, context.Count * PerItem);
}
