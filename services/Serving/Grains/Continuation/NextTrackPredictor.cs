using OpenMrs.Contracts.Events;

namespace OpenMrs.Serving.Grains.Continuation;

/// <summary>
/// DISCO's sequence model slot: a scaled descriptor space and a predictor of the next track's vector in it. One
/// continuation uses one predictor throughout (<see cref="NextTrackPredictors.Current"/>).
/// </summary>
public interface INextTrackPredictor
{
    /// <summary>Names the predictor in responses, e.g. "repeat-last" or "sequence@{version}".</summary>
    string Name { get; }

    /// <summary>The track's scaled descriptor vector in this predictor's space.</summary>
    double[] Vector(string trackId, TrackDescriptors descriptors);

    /// <param name="playlist">Scaled descriptor vectors in play order; null where a track has no descriptors.</param>
    /// <returns>The predicted vector, or null when nothing can be predicted (no track has descriptors).</returns>
    double[]? Predict(IReadOnlyList<double[]?> playlist);
}

/// <summary>The baseline until a sequence model is published: the next track should sound like the last one that has descriptors.</summary>
public sealed class RepeatLastTrackPredictor(DescriptorScaling scaling) : INextTrackPredictor
{
    public string Name => "repeat-last";

    public double[] Vector(string trackId, TrackDescriptors descriptors) => scaling.Vector(descriptors);

    public double[]? Predict(IReadOnlyList<double[]?> playlist)
    {
        for (var i = playlist.Count - 1; i >= 0; i--)
            if (playlist[i] is { } last) return last;
        return null;
    }
}
