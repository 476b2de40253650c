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
    public static float[]? Compute(ModelPart personal, UserListeningState state)
    {
        var model = personal.Model;
        if (model.Factors is not { } factors) return null;
        var history = model.History(state.Feedback().Select(f => (f.TrackId, model.Weight(f.TrackId, f.Counts))));
        return history.Count == 0 ? null : factors.FoldInUser(history);
    }
}

/// <summary>A fold-in result and what it was computed from; stale when either version moved on.</summary>
public sealed record FoldedVector(string ModelVersion, long StateVersion, float[]? Vector);
