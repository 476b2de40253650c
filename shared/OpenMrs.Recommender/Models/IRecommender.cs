using OpenMrs.Recommender.Data;

namespace OpenMrs.Recommender.Models;

/// <summary>An item index with its score; higher is better.</summary>
public readonly record struct ScoredItem(int Item, float Score);

/// <summary>How much one history item contributed to an item's score.</summary>
public readonly record struct Contribution(int HistoryItem, float Weight);

/// <summary>Progress reported while fitting: iteration, total iterations, and the training loss if the model has one.</summary>
public readonly record struct TrainingProgress(int Iteration, int Iterations, double? Loss);

/// <summary>
/// The contract every model meets (after implicit's fit / recommend / similar_items / save / load).
/// Users and items are the row and column indices of the <see cref="InteractionMatrix"/> given to <see cref="Fit"/>.
/// </summary>
public interface IRecommender
{
    /// <summary>Stable name of the model family, e.g. "als", "itemknn"; used in files and reports.</summary>
    string Kind { get; }

    void Fit(InteractionMatrix interactions, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Top <paramref name="count"/> items for a known user, best first.</summary>
    ScoredItem[] Recommend(int user, int count, bool excludeSeen = true);

    /// <summary>Top items for a user given only their history (fold-in for new users, real-time update for known ones).</summary>
    ScoredItem[] RecommendForHistory(SparseRow history, int count, bool excludeSeen = true);

    /// <summary>Items most similar to <paramref name="item"/>, excluding itself.</summary>
    ScoredItem[] SimilarItems(int item, int count);

    /// <summary>The history items that drove <paramref name="item"/>'s score, strongest first; empty where the model cannot say.</summary>
    Contribution[] Explain(SparseRow history, int item, int count);

    /// <summary>Writes the model's payload (not the id maps: <see cref="ModelFile"/> does that).</summary>
    void Save(BinaryWriter writer);
}
