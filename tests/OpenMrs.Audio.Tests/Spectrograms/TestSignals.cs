namespace OpenMrs.Audio.Tests.Spectrograms;

internal static class TestSignals
{
    public static float[] Tone(double hz, int samples, int sampleRate = 22050, double amplitude = 0.5) =>
        Enumerable.Range(0, samples).Select(i => (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / sampleRate))).ToArray();

    /// <summary>Two tones plus seeded white noise: energy across the spectrum with clear peaks.</summary>
    public static float[] Music(int samples, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, samples)
            .Select(i => (float)(0.4 * Math.Sin(2 * Math.PI * 440 * i / 22050) + 0.2 * Math.Sin(2 * Math.PI * 3150.5 * i / 22050) + 0.05 * (random.NextDouble() * 2 - 1)))
            .ToArray();
    }
}
