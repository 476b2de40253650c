using OpenMrs.Contracts.Events;

namespace OpenMrs.Testing.Planted;

/// <summary>
/// A listen stream with a known right answer: tracks belong to taste groups, with Zipf popularity inside each group;
/// every user loves one group and draws most plays from it (the rest are skips of popular tracks elsewhere).
/// Events are one minute apart per user and interleaved across users in time order. A personal model ranks a
/// user's own group first; popularity cannot.
/// </summary>
public sealed class PlantedListenStream
{
    public PlantedListenStream(int users = 200, int groups = 5, int tracksPerGroup = 30, int listensPerUser = 30, int seed = 11,
        DateTimeOffset? start = null, string userPrefix = "user")
    {
        var random = new Random(seed);
        var begin = start ?? new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        Groups = groups;
        var trackGroup = new Dictionary<string, int>(StringComparer.Ordinal);
        TrackGroup = trackGroup;
        var tracksOf = new string[groups][];
        for (var g = 0; g < groups; g++)
        {
            tracksOf[g] = [.. Enumerable.Range(0, tracksPerGroup).Select(t => TrackId(g, t))];
            foreach (var track in tracksOf[g]) trackGroup[track] = g;
        }
        var zipf = Enumerable.Range(0, tracksPerGroup).Select(t => 1.0 / Math.Pow(1 + t, 0.8)).ToArray();
        var userGroup = new Dictionary<string, int>(StringComparer.Ordinal);
        UserGroup = userGroup;
        var events = new List<ListenEvent>();
        for (var u = 0; u < users; u++)
        {
            var userId = $"{userPrefix}-{u:D4}";
            var group = u % groups;
            userGroup[userId] = group;
            var offset = TimeSpan.FromSeconds(random.Next(60));
            for (var n = 0; n < listensPerUser; n++)
            {
                var at = begin + offset + TimeSpan.FromMinutes(n);
                var eventId = $"{userId}-{n:D4}";
                if (random.NextDouble() < 0.85)
                {
                    var track = tracksOf[group][Sample(zipf, random)];
                    var kind = random.NextDouble() < 0.1 ? ListenKind.Like : ListenKind.Play;
                    events.Add(new ListenEvent(eventId, userId, track, at, kind, kind == ListenKind.Play ? 180_000 : null));
                }
                else
                {
                    var other = (group + 1 + random.Next(groups - 1)) % groups;
                    events.Add(new ListenEvent(eventId, userId, tracksOf[other][random.Next(3)], at, ListenKind.Skip, 5_000));
                }
            }
        }
        Events = [.. events.OrderBy(e => e.OccurredAt).ThenBy(e => e.EventId, StringComparer.Ordinal)];
        TracksOfGroup = tracksOf;
    }

    public int Groups { get; }
    public IReadOnlyList<ListenEvent> Events { get; }
    public IReadOnlyDictionary<string, int> TrackGroup { get; }
    public IReadOnlyDictionary<string, int> UserGroup { get; }
    public IReadOnlyList<string[]> TracksOfGroup { get; }

    public static string TrackId(int group, int rank) => $"taste{group}-track{rank:D3}";

    /// <summary>Share of <paramref name="trackIds"/> in the user's own group, in [0, 1].</summary>
    public double ShareOfOwnGroup(string userId, IEnumerable<string> trackIds)
    {
        var list = trackIds.ToList();
        return list.Count == 0 ? 0 : (double)list.Count(t => TrackGroup.TryGetValue(t, out var g) && g == UserGroup[userId]) / list.Count;
    }

    private static int Sample(double[] weights, Random random)
    {
        var r = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            r -= weights[i];
            if (r <= 0) return i;
        }
        return weights.Length - 1;
    }
}
