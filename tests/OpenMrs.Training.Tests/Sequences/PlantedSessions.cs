using OpenMrs.Contracts.Events;
using OpenMrs.Testing.Planted;

namespace OpenMrs.Training.Tests.Sequences;

/// <summary>
/// Listening sessions with a planted drift (<see cref="DriftingSessions"/>: tempo +6 BPM and one fifth per track, a
/// per-session style) as a live stream: every session position is its own track with those descriptors and a 4-d
/// embedding of the session's style; <see cref="UsersCount"/> users play their sessions one after another, tracks 3
/// minutes apart and sessions 2 hours apart, so a 30-minute gap splits them back exactly.
/// </summary>
internal sealed class PlantedSessions
{
    public const int UsersCount = 30;
    public const int EmbeddingDimensions = 4;

    public PlantedSessions(int sessions, int seed)
    {
        var start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var generated = DriftingSessions.Generate(sessions, seed);
        var random = new Random(seed + 1);
        for (var s = 0; s < generated.Count; s++)
        {
            var (user, round) = (s % UsersCount, s / UsersCount);
            for (var t = 0; t < generated[s].Count; t++)
            {
                var d = generated[s][t];
                var track = $"s{s:D4}-t{t:D2}";
                float Noise() => 0.05f * (float)(random.NextDouble() - 0.5);
                Features.Add(new TrackFeatures(track, d,
                    [(float)d.Energy!.Value + Noise(), (float)d.SpectralCentroidHz!.Value / 4000 + Noise(), (float)d.LoudnessDb / -25 + Noise(), 1],
                    "test", "test", start));
                Listens.Add(new ListenEvent($"e-{s}-{t}", $"u{user:D2}", track, start.AddHours(2 * round).AddMinutes(3 * t + user), ListenKind.Play));
            }
        }
        Sessions = generated.Count;
    }

    public int Sessions { get; }

    public List<TrackFeatures> Features { get; } = [];

    public List<ListenEvent> Listens { get; } = [];
}
