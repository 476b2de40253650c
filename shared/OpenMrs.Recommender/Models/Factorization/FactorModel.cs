using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Numerics;
using OpenMrs.Recommender.Persistence;
using OpenMrs.Recommender.Similarity;

namespace OpenMrs.Recommender.Models.Factorization;

/// <summary>
/// A model that scores by p_u · q_i: recommend is an exact SIMD scan of the item factors, a new history is folded in,
/// similar items are by cosine between item factors, and explanations come from the fold-in decomposition.
/// </summary>
public abstract class FactorModel : RecommenderBase
{
    private float[]? _itemNorms;

    public FactorMatrix UserFactors { get; protected set; } = null!;
    public FactorMatrix ItemFactors { get; protected set; } = null!;

    /// <summary>Per-item score offsets added to p_u · q_i (BPR's item bias); null when the model has none.</summary>
    public float[]? ItemBias { get; protected set; }

    /// <summary>
    /// The number of factors to fit on <paramref name="userItems"/>: <paramref name="asked"/>, or when none was asked
    /// <paramref name="fallback"/> capped at min(users, items). A users × items matrix has rank at most min(users, items),
    /// so factors beyond it cannot be identified and an explicit request for more is refused.
    /// </summary>
    /// <exception cref="DegenerateDataException">More factors were asked for than the data has users or items.</exception>
    protected int FitRank(int? asked, int fallback, CsrMatrix userItems)
    {
        var most = Math.Min(userItems.Rows, userItems.Columns);
        if (asked is not { } factors) return Math.Min(fallback, most);
        if (factors > most)
            throw new DegenerateDataException(
                $"{Kind}: {factors} factors were asked for, but the training data has {userItems.Rows} users and {userItems.Columns} items, so at most {most} can be fitted; ask for {most} or fewer");
        return factors;
    }

    protected override bool FittedStateIsFinite() =>
        AllFinite(UserFactors.Data) && AllFinite(ItemFactors.Data) && (ItemBias is null || AllFinite(ItemBias));

    private static bool AllFinite(float[] values)
    {
        foreach (var v in values)
            if (!float.IsFinite(v)) return false;
        return true;
    }

    /// <summary>The ridge problem whose solution is this history's user vector.</summary>
    public abstract FoldInProblem DescribeFoldIn(SparseRow history);

    /// <summary>
    /// True when each history item's fold-in weights depend only on that item's own value (no row-wide weighting such
    /// as BM25's length normalisation), so <see cref="DescribeFoldIn"/> of part of a history gives those items the
    /// weights they have in the whole history and a kept <see cref="FoldInSystem"/> can be updated item by item.
    /// </summary>
    public virtual bool FoldInWeightsPerItem => false;

    /// <summary>A user vector for an arbitrary history, against the fitted item factors.</summary>
    public float[] FoldInUser(SparseRow history)
    {
        CheckHistory(history);
        return FoldIn.Solve(DescribeFoldIn(history));
    }

    protected override void ScoreUser(int user, Span<float> scores)
    {
        FactorScoring.ScoreAll(UserFactors.Row(user), ItemFactors, scores);
        AddBias(scores);
    }

    private void AddBias(Span<float> scores)
    {
        if (ItemBias is { } bias) VectorOps.Axpy(1f, bias, scores);
    }

    protected override void ScoreHistory(SparseRow history, Span<float> scores)
    {
        if (history.Count == 0) scores.Clear();
        else FactorScoring.ScoreAll(FoldIn.Solve(DescribeFoldIn(history)), ItemFactors, scores);
        AddBias(scores);
    }

    public override ScoredItem[] SimilarItems(int item, int count)
    {
        CheckItem(item);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        _itemNorms ??= ItemFactors.RowNorms();
        var scores = new float[ItemCount];
        VectorSimilarity.ScoreAll(ItemFactors.Row(item), ItemFactors, _itemNorms, SimilarityMeasure.Cosine, scores);
        return TopK.Select(scores, count, [item]);
    }

    public override Contribution[] Explain(SparseRow history, int item, int count)
    {
        base.Explain(history, item, count);
        return history.Count == 0 ? [] : FoldIn.Explain(DescribeFoldIn(history), item, count);
    }

    protected void SaveFactors(BinaryWriter writer)
    {
        writer.Write(UserItems);
        writer.Write(UserFactors);
        writer.Write(ItemFactors);
        writer.WriteArray(ItemBias ?? []);
    }

    protected void LoadFactors(BinaryReader reader)
    {
        var userItems = reader.ReadCsr();
        UserFactors = reader.ReadFactors();
        ItemFactors = reader.ReadFactors();
        var bias = reader.ReadArray<float>();
        ItemBias = bias.Length == 0 ? null : bias;
        if (UserFactors.Rows != userItems.Rows || ItemFactors.Rows != userItems.Columns || UserFactors.Factors != ItemFactors.Factors
            || (ItemBias is not null && ItemBias.Length != ItemFactors.Rows))
            throw new ModelFormatException("factor matrices do not match the interaction matrix");
        RestoreFitted(userItems);
    }
}
