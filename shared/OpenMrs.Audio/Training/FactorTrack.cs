namespace OpenMrs.Audio.Training;

/// <summary>
/// One training example of the factor-regression CNN: a track's decoded audio (mono, at the model's sample rate,
/// 22,050 Hz by default) and its collaborative item factor vector (k floats, e.g. a row of WALS item factors).
/// </summary>
public sealed record FactorTrack(string TrackId, float[] Waveform, float[] Factors);
