using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Models.Factorization;
using OpenMrs.Recommender.Persistence;

namespace OpenMrs.ModelStore.Formats;

/// <summary>What the catalog knew of a track when the model was trained.</summary>
/// <param name="DurationMs">Length in milliseconds; 0 when unknown.</param>
/// <param name="Artist">Empty when unknown.</param>
public readonly record struct TrackInfo(int DurationMs, string Artist);

/// <summary>
/// A personal model as published by Training and served by Serving: a fitted library model (WALS, item kNN, RP3β,
/// EASE, a blend, ...) with the ids of its users and items, the <see cref="FeedbackWeights"/> its interaction
/// weights came from, and per-item track info (duration for completion-weighted plays, artist for caps and reasons).
/// A factor model (<see cref="FactorModel"/>) carries everything fold-in needs: item factors (items × k, float32),
/// regularisation λ, the confidence scheme with α / ε and the row weighting.
/// </summary>
public sealed class TrainedModel
{
    private readonly TrackInfo[] _tracks;

    /// <exception cref="ArgumentException">Track info does not match the item count.</exception>
    public TrainedModel(LoadedModel model, FeedbackWeights weights, IReadOnlyList<TrackInfo> tracks)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (tracks.Count != model.Items.Count)
            throw new ArgumentException($"track info for {tracks.Count} items, but the model has {model.Items.Count}");
        Model = model;
        Weights = weights.Validated();
        _tracks = [.. tracks];
    }

    public LoadedModel Model { get; }
    public IRecommender Recommender => Model.Model;
    public string Kind => Model.Model.Kind;
    public IdMap Items => Model.Items;
    public IdMap Users => Model.Users;
    public FeedbackWeights Weights { get; }

    /// <summary>The factor model when this is one (fold-in, exact or approximate top-k over item factors), else null.</summary>
    public FactorModel? Factors => Model.Model as FactorModel;

    /// <summary>Track info by item index.</summary>
    public ReadOnlySpan<TrackInfo> Tracks => _tracks;

    public TrackInfo Track(int item) => _tracks[item];

    /// <summary>
    /// A listener's history in this model's item space: weights of the same track are summed, tracks the model does
    /// not know are left out (they cannot move its scores). Sorted unique indices, as the model contract asks.
    /// </summary>
    public SparseRow History(IEnumerable<(string TrackId, float Weight)> history)
    {
        var pairs = new List<(int, float)>();
        foreach (var (trackId, weight) in history)
            if (weight > 0 && Items.TryGetIndex(trackId, out var item)) pairs.Add((item, weight));
        return SparseRow.FromPairs(pairs);
    }

    /// <summary>The interaction weight of one track's counts under this model's <see cref="Weights"/> and track durations.</summary>
    public float Weight(string trackId, in FeedbackCounts counts)
    {
        int? duration = Items.TryGetIndex(trackId, out var item) && _tracks[item].DurationMs > 0 ? _tracks[item].DurationMs : null;
        return (float)Weights.Weight(counts, duration);
    }
}
