using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Evaluation;

namespace OpenMrs.Recommender.Models.Blend;

/// <summary>Settings of the blend weight search.</summary>
public sealed record BlendLearning
{
    /// <summary>Cut-off of the NDCG@k that the search maximises.</summary>
    public int K { get; init; } = 10;

    /// <summary>Spacing of the weight grid on the simplex (0.1: 11 points for two members, 66 for three).</summary>
    public float GridStep { get; init; } = 0.1f;

    public ScoreNormalisation Normalisation { get; init; } = ScoreNormalisation.ZScore;

    /// <summary>Score at most this many validation users (a seeded sample); null scores all of them.</summary>
    public int? MaxUsers { get; init; }

    public int? Threads { get; init; }
    public int Seed { get; init; } = 42;
}

/// <summary>The chosen weights (summing to 1), their validation NDCG@k, and each member's NDCG@k alone.</summary>
public sealed record LearnedBlend(float[] Weights, double Ndcg, IReadOnlyList<double> MemberNdcg);

/// <summary>
/// Learns blend weights on a validation split: every weighting on a grid over the simplex (w_m ≥ 0, Σ w_m = 1, spacing
/// <see cref="BlendLearning.GridStep"/>) is scored by the library's <see cref="Evaluator"/> (NDCG@k, the user's
/// training items excluded) and the best is kept; ties keep the earlier grid point, which favours the first member.
/// </summary>
public static class BlendWeights
{
    private const int MaxGridPoints = 5_000;

    /// <summary>
    /// <paramref name="members"/> must be fitted on <paramref name="train"/>; <paramref name="validation"/> holds held-out
    /// cells of the same users and items. Both must be carved from the training data (e.g. a <c>HoldoutSplit</c> of the
    /// training matrix), never from the test split, or the weights are tuned on the answers.
    /// Throws <see cref="ArgumentException"/> on mismatched shapes, unfitted members or a grid of over 5,000 points.
    /// </summary>
    public static LearnedBlend Learn(
        IReadOnlyList<IRecommender> members, CsrMatrix train, CsrMatrix validation, BlendLearning? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        options ??= new BlendLearning();
        if (members.Count == 0) throw new ArgumentException("no members to weigh", nameof(members));
        if (options.GridStep is <= 0 or > 1) throw new ArgumentException($"grid step must be in (0, 1], got {options.GridStep}", nameof(options));
        foreach (var member in members)
            if (member is not RecommenderBase { IsFitted: true } fitted || fitted.UserCount != train.Rows || fitted.ItemCount != train.Columns)
                throw new ArgumentException($"member {member.Kind} must be fitted on the {train.Rows}×{train.Columns} validation training matrix", nameof(members));

        var grid = SimplexGrid(members.Count, (int)Math.Round(1 / options.GridStep));
        var evaluation = new EvaluationOptions { Ks = [options.K], MaxUsers = options.MaxUsers, Threads = options.Threads, Seed = options.Seed };
        var ndcg = new double[grid.Count];
        for (var g = 0; g < grid.Count; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var blend = BlendModel.FromFitted(members, grid[g], options.Normalisation);
            ndcg[g] = Evaluator.Evaluate(blend, train, validation, options: evaluation, cancellationToken: cancellationToken).At(options.K).Ndcg;
        }
        var best = 0;
        for (var g = 1; g < grid.Count; g++) if (ndcg[g] > ndcg[best]) best = g;
        var alone = Enumerable.Range(0, members.Count)
            .Select(m => ndcg[grid.FindIndex(w => w[m] == 1f)])
            .ToList();
        return new LearnedBlend(grid[best], ndcg[best], alone);
    }

    /// <summary>All weight vectors with entries in {0, 1/steps, …, 1} summing to 1, in lexicographic order from (1, 0, …).</summary>
    public static List<float[]> SimplexGrid(int members, int steps)
    {
        steps = Math.Max(1, steps);
        var points = new List<float[]>();
        var counts = new int[members];
        void Fill(int index, int left)
        {
            if (points.Count > MaxGridPoints)
                throw new ArgumentException($"a weight grid for {members} members at step 1/{steps} has over {MaxGridPoints:N0} points; use a coarser grid step");
            if (index == members - 1)
            {
                counts[index] = left;
                points.Add([.. counts.Select(c => (float)c / steps)]);
                return;
            }
            for (var c = left; c >= 0; c--)
            {
                counts[index] = c;
                Fill(index + 1, left - c);
            }
        }
        Fill(0, steps);
        return points;
    }
}
