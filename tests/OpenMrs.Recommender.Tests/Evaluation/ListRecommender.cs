using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models;

namespace OpenMrs.Recommender.Tests.Evaluation;

/// <summary>A stand-in model that returns a fixed ranked list per user, ignoring <c>excludeSeen</c>.</summary>
internal sealed class ListRecommender(Func<int, int[]> rankedItems) : IRecommender
{
    public string Kind => "list";

    public void Fit(InteractionMatrix interactions, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default) { }

    public ScoredItem[] Recommend(int user, int count, bool excludeSeen = true) =>
        rankedItems(user).Take(count).Select((item, rank) => new ScoredItem(item, -rank)).ToArray();

    public ScoredItem[] RecommendForHistory(SparseRow history, int count, bool excludeSeen = true) => throw new NotSupportedException();
    public ScoredItem[] SimilarItems(int item, int count) => throw new NotSupportedException();
    public Contribution[] Explain(SparseRow history, int item, int count) => [];
    public void Save(BinaryWriter writer) => throw new NotSupportedException();
}
