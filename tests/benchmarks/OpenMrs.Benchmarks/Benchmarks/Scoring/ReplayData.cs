using System.Globalization;
using OpenMrs.Contracts.Events;
using OpenMrs.Testing.Planted;

namespace OpenMrs.Benchmarks.Benchmarks.Scoring;

/// <summary>
/// A listen log to replay through Serving's ranking pipeline, oldest first, with each track's artist.
/// <see cref="SplitByTime"/> cuts it in event time, so what is predicted always happened after what it is predicted from.
/// </summary>
internal sealed record ReplayData(string Name, string Description, IReadOnlyList<ListenEvent> Events, IReadOnlyDictionary<string, string> Artists)
{
    /// <summary>(before, after): the newest <paramref name="fraction"/> of events by time go after the cut; ties stay together.</summary>
    public (ReplayData Before, ReplayData After) SplitByTime(double fraction)
    {
        var cut = Events[Math.Clamp((int)Math.Floor(Events.Count * (1 - fraction)), 0, Events.Count - 1)].OccurredAt;
        return (this with { Events = [.. Events.Where(e => e.OccurredAt < cut)] }, this with { Events = [.. Events.Where(e => e.OccurredAt >= cut)] });
    }

    public DateTimeOffset End => Events[^1].OccurredAt;

    /// <summary>
    /// The planted-taste stream of the tests (users love one group, play its tracks with Zipf popularity, skip popular
    /// tracks of other groups), with three tracks per artist, so the skipped tracks share an artist.
    /// </summary>
    public static ReplayData Planted(int users, int groups, int tracksPerGroup, int listensPerUser, int seed)
    {
        var stream = new PlantedListenStream(users, groups, tracksPerGroup, listensPerUser, seed);
        var artists = stream.TracksOfGroup.SelectMany((tracks, g) => tracks.Select((t, rank) => (t, $"taste{g}-artist{rank / 3:D2}")))
            .ToDictionary(p => p.t, p => p.Item2, StringComparer.Ordinal);
        return new ReplayData("planted", $"planted tastes: {users} users, {groups} groups × {tracksPerGroup} tracks, {listensPerUser} listens each (seed {seed})",
            stream.Events, artists);
    }

    /// <summary>30Music session files (<c>UserId SessionId ItemId Time ArtistId</c>, tab-separated, a header): every row a play.</summary>
    /// <exception cref="InvalidDataException">A row without five fields or with a non-numeric time.</exception>
    public static ReplayData ThirtyMusic(IReadOnlyList<string> paths)
    {
        var events = new List<ListenEvent>();
        var artists = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var line = 0;
            foreach (var text in File.ReadLines(path))
            {
                if (line++ == 0 || text.Length == 0) continue;
                var f = text.Split('\t');
                if (f.Length < 5 || !long.TryParse(f[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
                    throw new InvalidDataException($"{path}:{line}: expected 'UserId SessionId ItemId Time ArtistId'");
                events.Add(new ListenEvent($"{Path.GetFileNameWithoutExtension(path)}-{line}", f[0], f[2], DateTimeOffset.FromUnixTimeSeconds(seconds), ListenKind.Play));
                artists[f[2]] = f[4];
            }
        }
        return new ReplayData("30music", $"30Music sessions: {string.Join(", ", paths.Select(Path.GetFileName))}",
            [.. events.OrderBy(e => e.OccurredAt).ThenBy(e => e.EventId, StringComparer.Ordinal)], artists);
    }

    /// <summary>Plays at most replayed per (user, song) row of a taste profile: a few rows count thousands of plays.</summary>
    public const int MaxPlaysPerRow = 50;

    /// <summary>
    /// Echo Nest Taste Profile rows (<c>user \t song \t play_count</c>, no header, no times): each row becomes its play
    /// count in plays (at most <see cref="MaxPlaysPerRow"/>) at one time drawn uniformly over a year with
    /// <paramref name="seed"/>, so a cut in time is a random holdout of rows. The rows carry no artists.
    /// </summary>
    /// <exception cref="InvalidDataException">A row without three fields or with a play count that is not a positive whole number.</exception>
    public static ReplayData TasteProfile(IReadOnlyList<string> paths, int seed)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2011, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var events = new List<ListenEvent>();
        foreach (var path in paths)
        {
            var line = 0;
            foreach (var text in File.ReadLines(path))
            {
                line++;
                if (text.Length == 0) continue;
                var f = text.Split('\t');
                if (f.Length != 3 || !int.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var plays) || plays < 1)
                    throw new InvalidDataException($"{path}:{line}: expected 'user \\t song \\t play_count'");
                var at = start.AddSeconds(random.NextInt64(365L * 24 * 3600));
                for (var play = 0; play < Math.Min(plays, MaxPlaysPerRow); play++)
                    events.Add(new ListenEvent($"{Path.GetFileNameWithoutExtension(path)}-{line}-{play}", f[0], f[1], at, ListenKind.Play));
            }
        }
        return new ReplayData("msd", $"Echo Nest Taste Profile: {string.Join(", ", paths.Select(Path.GetFileName))}, one random time per row (seed {seed})",
            [.. events.OrderBy(e => e.OccurredAt).ThenBy(e => e.EventId, StringComparer.Ordinal)], new Dictionary<string, string>(StringComparer.Ordinal));
    }
}
