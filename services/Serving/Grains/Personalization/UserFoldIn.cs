using OpenMrs.ModelStore.Formats;
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
    /// The vector, updating <paramref name="previous"/> (the normal equations of an earlier state of this user) where
    /// it can, else assembling them anew. With <paramref name="changedTracks"/> (the only tracks whose feedback changed
    /// since <paramref name="previous"/> was last updated) and a model whose weights are per item
    /// (<see cref="FactorModel.FoldInWeightsPerItem"/>), only those tracks' weights are computed and applied as one
    /// rank-one term each (<see cref="FoldInSystem.UpdateItems"/>): O(k²) per track plus one solve, independent of the
    /// history's length. Without them, the whole history's weights are recomputed and compared
    /// (<see cref="FoldInSystem.Update"/>). A model swap (other item factors) re-assembles in both cases.
    /// Returns the system to keep for the next event (null with a null vector).
    /// </summary>
    public static (float[]? Vector, FoldInSystem? System) Compute(
        ModelPart personal, UserListeningState state, FoldInSystem? previous, IReadOnlyCollection<string>? changedTracks = null)
    {
        var model = personal.Model;
        if (model.Factors is not { } factors) return (null, null);
        if (previous is not null && changedTracks is not null && factors.FoldInWeightsPerItem && UpdateTracks(model, factors, state, previous, changedTracks))
            return previous.Items == 0 ? (null, null) : (previous.Solve(), previous);
        var history = model.History(state.Feedback().Select(f => (f.TrackId, model.Weight(f.TrackId, f.Counts))));
        if (history.Count == 0) return (null, null);
        var problem = factors.DescribeFoldIn(history);
        var system = previous ?? new FoldInSystem(problem);
        if (previous is not null) system.Update(problem);
        return (system.Solve(), system);
    }

    /// <summary>Sets the weights of <paramref name="changedTracks"/> in <paramref name="system"/>; false when it must be re-assembled.</summary>
    private static bool UpdateTracks(TrainedModel model, FactorModel factors, UserListeningState state, FoldInSystem system, IReadOnlyCollection<string> changedTracks)
    {
        var items = new List<int>(changedTracks.Count);
        var weights = new List<(string, float)>(changedTracks.Count);
        foreach (var trackId in changedTracks)
        {
            if (!model.Items.TryGetIndex(trackId, out var item)) continue;
            items.Add(item);
            if (state.FeedbackFor(trackId) is { } counts) weights.Add((trackId, model.Weight(trackId, counts)));
        }
        return system.UpdateItems(factors.DescribeFoldIn(model.History(weights)), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items));
    }
}

/// <summary>A fold-in result and what it was computed from; stale when either version moved on.</summary>
public sealed record FoldedVector(string ModelVersion, long StateVersion, float[]? Vector);
