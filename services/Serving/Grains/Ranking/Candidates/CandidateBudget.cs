namespace OpenMrs.Serving.Grains.Ranking.Candidates;

/// <summary>How many candidates a generator proposes: enough that the count survives exclusions and re-ranking.</summary>
public static class CandidateBudget
{
    /// <summary>
    /// The default of <c>Serving:CandidatesPerGenerator</c>, chosen on validation splits (scoring-weights benchmark, default
    /// weights, NDCG@10 paired against 50): the smallest budget behind no larger one on either log. On the Taste Profile
    /// sample 25, 100 and 200 were within noise of it (−0.0006 ± 0.0007, 0.0000 ± 0.0005, +0.0008 ± 0.0007); on 30Music
    /// 25 lost 0.0037 ± 0.0019 and 100 gave 0.0015 ± 0.0011 less. Its ranking stages take about 56 % of 100's time.
    /// </summary>
    public const int DefaultPerGenerator = 50;

    /// <summary>The largest <c>Serving:CandidatesPerGenerator</c> accepted: every generator allocates its budget per request.</summary>
    public const int MaxPerGenerator = 10_000;

    /// <summary>Candidates per generator for each item the list asks for.</summary>
    public const int PerItem = 4;

    /// <summary>max(the request's <see cref="RankingContext.CandidatesPerGenerator"/>, count × <see cref="PerItem"/>).</summary>
    public static int For(RankingContext context) => Math.Max(context.CandidatesPerGenerator, context.Count * PerItem);
}
