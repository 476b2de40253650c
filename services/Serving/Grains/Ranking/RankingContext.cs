using OpenMrs.Serving.Grains.Models;

namespace OpenMrs.Serving.Grains.Ranking;

/// <summary>One ranking request: who, with which model, how many items.</summary>
public sealed record RankingContext(UserProfile User, ServingModel Model, int Count);
