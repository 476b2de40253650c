namespace OpenMrs.Audio.Decoding;

/// <summary>Mono float samples in [-1, 1] at <see cref="SampleRate"/>.</summary>
public sealed record DecodedAudio(float[] Samples, int SampleRate, string Decoder)
{
    public double DurationSeconds => (double)Samples.Length / SampleRate;
}
