using OpenMrs.Contracts.Events;
using OpenMrs.Recommender.Sequences;
using OpenMrs.Serving.Grains.Content;

namespace OpenMrs.Serving.Grains.Continuation;

/// <summary>
/// A published <see cref="SequenceModel"/> as the continuation's predictor: vectors are the model's
/// <see cref="SequenceFeatures"/> (with the track's stored, L2-normalised embedding) through its Yeo-Johnson scaler;
/// the prediction is the managed GRU's read-out after the playlist's described tracks (undescribed ones are skipped).
/// </summary>
public sealed class SequenceModelPredictor(SequenceModel model, string version, TrackEmbeddings embeddings) : INextTrackPredictor
{
    public string Name => $"{SequenceModel.Kind}@{version}";

    public SequenceModel Model => model;

    public double[] Vector(string trackId, TrackDescriptors descriptors) =>
        model.Scaler.Transform(SequenceFeatures.Of(descriptors, embeddings.Get(trackId), model.EmbeddingDimensions));

    public double[]? Predict(IReadOnlyList<double[]?> playlist) => model.PredictNext([.. playlist.OfType<double[]>()]);
}

/// <summary>The continuation's current predictor: the newest loaded sequence model, else <see cref="RepeatLastTrackPredictor"/>.</summary>
public sealed class NextTrackPredictors(RepeatLastTrackPredictor baseline, TrackEmbeddings embeddings)
{
    private readonly Lock _gate = new();
    private SequenceModelPredictor? _sequence;
    private string? _version;

    public INextTrackPredictor Current => (INextTrackPredictor?)Volatile.Read(ref _sequence) ?? baseline;

    /// <summary>The loaded sequence model's version, or null.</summary>
    public string? Version => Volatile.Read(ref _version);

    /// <summary>Swaps <paramref name="model"/> in unless a newer or the same version is already held; true when swapped.</summary>
    public bool TryUpdate(string version, SequenceModel model)
    {
        lock (_gate)
        {
            if (_version is { } held && string.CompareOrdinal(held, version) >= 0) return false;
            Volatile.Write(ref _sequence, new SequenceModelPredictor(model, version, embeddings));
            Volatile.Write(ref _version, version);
            return true;
        }
    }
}
