using OpenMrs.Recommender.Models.Factorization;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.State;

namespace OpenMrs.Serving.Grains.Personalization;

/// <summary>
/// A user's vector against the personal model: the WALS least-squares projection (fold-in; Hu, Koren &amp; Volinsky
/// 2008) of the user's typed feedback, weighted with the model's own <c>FeedbackWeights</c>, track durations,
/// confidence and row weighting, so it equals what training would have learned for this history with the items
/// fixed. k floats; null when the user has no positive interaction with a track the model knows.
/// </summary>
public static class UserFoldIn
{
    /// <summary>The vector from scratch.</summary>
    public static float[]? Compute(ModelPart personal, UserListeningState state) => Compute(personal, state, null).Vector;

    /// <summary>
    /// The vector, updating <paramref name="previous"/> (the normal equations of an earlier state) by one rank-one term
    /// per track whose weight changed when few did and the model is the same (<see cref="FoldInSystem.Update"/>), else
    /// assembling them anew. Returns the system to keep for the next event (null with a null vector).
    /// </summary>
    public static (float[]? Vector, FoldInSystem? System) Compute(ModelPart personal, UserListeningState state, FoldInSystem? previous)
    {
        var model = personal.Model;
        if (model.Factors is not { } factors) return (null, null);
        var history = model.History(state.Feedback().Select(f => (f.TrackId, model.Weight(f.TrackId, f.Counts))));
        if (history.Count == 0) return (null, null);
        var problem = factors.DescribeFoldIn(history);
        var system = previous ?? new FoldInSystem(problem);
        if (previous is not null) system.Update(problem);
        return (system.Solve(), system);
    }
}

/// <summary>A fold-in result and what it was computed from; stale when either version moved on.</summary>
public sealed record FoldedVector(string ModelVersion, long StateVersion, float[]? Vector);
