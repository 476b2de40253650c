using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Models;

/// <summary>
/// What every model shares: argument checks, the training matrix (to exclude what a user has already heard) and the
/// score-then-select path. A model supplies dense scores for a known user or for a history; selection is exact top-k.
/// </summary>
public abstract class RecommenderBase : IRecommender
{
    private CsrMatrix? _userItems;

    public abstract string Kind { get; }

    /// <summary>The user × item matrix the model was fitted on (its values as given, before any model weighting).</summary>
    public CsrMatrix UserItems => _userItems ?? throw new InvalidOperationException($"the {Kind} model is not fitted");

    public int UserCount => UserItems.Rows;
    public int ItemCount => UserItems.Columns;
    public bool IsFitted => _userItems is not null;

    /// <exception cref="DegenerateDataException">The matrix holds no interactions, or the model cannot be fitted on data this small.</exception>
    public void Fit(InteractionMatrix interactions, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        if (interactions.UserItems.NonZeros == 0)
            throw new DegenerateDataException($"cannot fit {Kind} on training data with no interactions");
        FitCore(interactions, progress, cancellationToken);
        if (!FittedStateIsFinite())
            throw new DegenerateDataException($"{Kind}: fitting diverged on this data (its parameters overflowed); use a lower learning rate or more data");
        _userItems = interactions.UserItems;
    }

    /// <summary>Fits on the whole matrix with its id maps; models made of other models (a blend) override this one.</summary>
    protected virtual void FitCore(InteractionMatrix interactions, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) =>
        FitCore(interactions.UserItems, progress, cancellationToken);

    /// <summary>Whether the state <see cref="FitCore"/> left is free of NaN and infinity (gradient methods can overflow on tiny data).</summary>
    protected virtual bool FittedStateIsFinite() => true;

    protected abstract void FitCore(CsrMatrix userItems, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken);

    /// <summary>Dense scores of every item for a known user.</summary>
    protected abstract void ScoreUser(int user, Span<float> scores);

    /// <summary>Dense scores of every item for an arbitrary history (validated: indices within the catalogue).</summary>
    protected abstract void ScoreHistory(SparseRow history, Span<float> scores);

    public abstract ScoredItem[] SimilarItems(int item, int count);

    public virtual Contribution[] Explain(SparseRow history, int item, int count)
    {
        CheckHistory(history);
        CheckItem(item);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return [];
    }

    public ScoredItem[] Recommend(int user, int count, bool excludeSeen = true)
    {
        CheckUser(user);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var scores = new float[ItemCount];
        ScoreUser(user, scores);
        return TopK.Select(scores, count, excludeSeen ? UserItems.RowIndices(user) : default);
    }

    public ScoredItem[] RecommendForHistory(SparseRow history, int count, bool excludeSeen = true)
    {
        CheckHistory(history);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var scores = new float[ItemCount];
        ScoreHistory(history, scores);
        return TopK.Select(scores, count, excludeSeen ? history.Indices : default);
    }

    /// <summary>Scores for a known user, for evaluation code that ranks or filters itself.</summary>
    public float[] Scores(int user)
    {
        CheckUser(user);
        var scores = new float[ItemCount];
        ScoreUser(user, scores);
        return scores;
    }

    /// <summary>Dense scores of every item for a history (sorted unique item indices), before any exclusion.</summary>
    public float[] ScoresForHistory(SparseRow history)
    {
        CheckHistory(history);
        var scores = new float[ItemCount];
        ScoreHistory(history, scores);
        return scores;
    }

    /// <summary>Known-user scores into a caller's buffer, for models that combine other models.</summary>
    internal void ScoreUserInto(int user, Span<float> scores)
    {
        CheckUser(user);
        ScoreUser(user, scores);
    }

    /// <summary>History scores into a caller's buffer (the history already validated), for models that combine other models.</summary>
    internal void ScoreHistoryInto(SparseRow history, Span<float> scores) => ScoreHistory(history, scores);

    public abstract void Save(BinaryWriter writer);

    /// <summary>Restores the state <see cref="RecommenderBase"/> keeps; loaders call it after reading their payload.</summary>
    protected void RestoreFitted(CsrMatrix userItems) => _userItems = userItems;

    protected void CheckUser(int user)
    {
        if ((uint)user >= (uint)UserCount)
            throw new ArgumentOutOfRangeException(nameof(user), user, $"unknown user index: the {Kind} model knows users 0..{UserCount - 1}");
    }

    protected void CheckItem(int item)
    {
        if ((uint)item >= (uint)ItemCount)
            throw new ArgumentOutOfRangeException(nameof(item), item, $"unknown item index: the {Kind} model knows items 0..{ItemCount - 1}");
    }

    protected void CheckHistory(SparseRow history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Indices.Length != history.Values.Length) throw new ArgumentException("history indices and values differ in length", nameof(history));
        var previous = -1;
        foreach (var i in history.Indices)
        {
            if ((uint)i >= (uint)ItemCount)
                throw new ArgumentOutOfRangeException(nameof(history), i, $"history names item {i}; the {Kind} model knows items 0..{ItemCount - 1}");
            if (i <= previous) throw new ArgumentException("history indices must be sorted and unique", nameof(history));
            previous = i;
        }
    }
}
