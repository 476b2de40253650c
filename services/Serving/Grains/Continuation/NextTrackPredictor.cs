namespace OpenMrs.Serving.Grains.Continuation;

/// <summary>
/// Predicts the scaled descriptor vector of the next track from the playlist so far (DISCO's sequence model slot; a
/// recurrent network trained on playlists plugs in here).
/// </summary>
public interface INextTrackPredictor
{
    /// <param name="playlist">Scaled descriptor vectors in play order; null where a track has no descriptors.</param>
    /// <returns>The predicted vector, or null when nothing can be predicted (no track has descriptors).</returns>
    double[]? Predict(IReadOnlyList<double[]?> playlist);
}

/// <summary>The baseline until a sequence model is trained: the next track should sound like the last one that has descriptors.</summary>
public sealed class RepeatLastTrackPredictor : INextTrackPredictor
{
    public double[]? Predict(IReadOnlyList<double[]?> playlist)
    {
        for (var i = playlist.Count - 1; i >= 0; i--)
            if (playlist[i] is { } last) return last;
        return null;
    }
}
