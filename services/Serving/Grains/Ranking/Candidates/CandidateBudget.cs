namespace OpenMrs.Serving.Grains.Ranking.Candidates;

/// <summary>How many candidates a generator proposes: enough that the count survives exclusions and re-ranking.</summary>
public static class CandidateBudget
{
    /// <summary>Candidates per generator at least, whatever the list's length.</summary>
    public const int Minimum = 100;

    /// <summary>Candidates per generator for each item the list asks for.</summary>
    public const int PerItem = 4;

    /// <summary>max(<see cref="Minimum"/>, count × <see cref="PerItem"/>) for the request's count.</summary>
    public static int For(RankingContext context) => Math.Max(Minimum, context.Count * PerItem);
}
