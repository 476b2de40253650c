using OpenMrs.Contracts.Events;

namespace OpenMrs.Testing.Planted;

/// <summary>
/// Listening sessions with a planted drift for sequence models: within a session the tempo rises by
/// <see cref="TempoStep"/> BPM per track from a random start in [80, 110), and the key walks one step clockwise round
/// the circle of fifths per track (C, G, D, ...; major). Energy, loudness and spectral shape are a per-session style
/// plus a little noise, so repeating the last track is a strong baseline everywhere except on tempo and key.
/// </summary>
public static class DriftingSessions
{
    public const double TempoStep = 6;

    /// <summary><paramref name="count"/> sessions of 6–12 tracks, seeded.</summary>
    public static IReadOnlyList<IReadOnlyList<TrackDescriptors>> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var sessions = new List<IReadOnlyList<TrackDescriptors>>(count);
        for (var s = 0; s < count; s++)
        {
            var length = random.Next(6, 13);
            var (tempo, fifths) = (80 + 30 * random.NextDouble(), random.Next(12));
            var (energy, loudness, centroid) = (random.NextDouble(), -25 + 15 * random.NextDouble(), 800 + 3000 * random.NextDouble());
            var session = new List<TrackDescriptors>(length);
            for (var t = 0; t < length; t++)
            {
                double Noise(double scale) => scale * (random.NextDouble() - 0.5);
                session.Add(new TrackDescriptors(
                    DurationSeconds: 200, LoudnessDb: loudness + Noise(0.5), RmsLoudnessDb: loudness, TempoBpm: tempo + TempoStep * t,
                    Key: 7 * ((fifths + t) % 12) % 12, Mode: 1, Energy: energy + Noise(0.02), SpectralCentroidHz: centroid + Noise(40),
                    SpectralRolloffHz: 2 * centroid + Noise(80), SpectralFlatness: 0.2 + Noise(0.01), ZeroCrossingRate: 0.05 + Noise(0.002),
                    OnsetRate: 2 + Noise(0.1)));
            }
            sessions.Add(session);
        }
        return sessions;
    }
}
