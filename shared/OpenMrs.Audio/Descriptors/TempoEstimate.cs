namespace OpenMrs.Audio.Descriptors;

/// <param name="Confidence">Autocorrelation of the onset envelope at the beat period relative to lag 0, in [0, 1].</param>
public sealed record TempoEstimate(double Bpm, double Confidence);
