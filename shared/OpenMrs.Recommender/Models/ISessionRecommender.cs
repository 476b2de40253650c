namespace OpenMrs.Recommender.Models;

/// <summary>
/// A model that reads order: it is fitted on a matrix whose rows are <b>sessions</b> and whose values are each track's
/// 1-based play position in its session (a repeat keeps its last position), and a history given to
/// <see cref="IRecommender.RecommendForHistory"/> is the session so far with the same convention (larger = more recent).
/// Next-track evaluation fits such models on <c>SessionSplit.TrainSessions</c> and passes position values.
/// </summary>
public interface ISessionRecommender : IRecommender;
