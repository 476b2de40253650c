using OpenMrs.Contracts.Events;

namespace OpenMrs.AllInOne.Demo;

/// <summary>
/// Synthetic listeners with planted tastes: each loves one or two genres (plays, likes, saves there), samples others
/// now and then (mostly skips), and dislikes a few tracks. So "more of my genres, none of my dislikes" is the right answer.
/// </summary>
public static class DemoListeners
{
    public static IReadOnlyList<DemoListener> Create(DemoCatalog catalog, DemoOptions options, DateTimeOffset now)
    {
        var random = new Random(options.Seed + 1);
        var genres = Genre.All;
        var listeners = new List<DemoListener>(options.Listeners);
        for (var u = 0; u < options.Listeners; u++)
        {
            var userId = $"demo-user-{u:D4}";
            var loved = new List<Genre> { genres[u % genres.Count] };
            if (random.NextDouble() < 0.4) loved.Add(genres[(u + 1 + random.Next(genres.Count - 1)) % genres.Count]);
            var favourites = catalog.Tracks.Where(t => loved.Contains(t.Genre)).ToArray();
            var others = catalog.Tracks.Where(t => !loved.Contains(t.Genre)).ToArray();

            var events = new List<ListenEvent>();
            var count = Math.Max(4, options.ListensPerListener / 2 + random.Next(options.ListensPerListener));
            for (var n = 0; n < count; n++)
            {
                var at = now.AddMinutes(-(count - n) * 4 - random.Next(3));
                var eventId = $"{userId}-{n:D4}";
                if (random.NextDouble() < 0.85)
                {
                    var track = favourites[random.Next(favourites.Length)];
                    var roll = random.NextDouble();
                    var kind = roll < 0.1 ? ListenKind.Like : roll < 0.15 ? ListenKind.Save : ListenKind.Play;
                    events.Add(new ListenEvent(eventId, userId, track.TrackId, at, kind, MsPlayed: kind == ListenKind.Play ? 4_000 + random.Next(1_000) : null));
                }
                else
                {
                    var track = others[random.Next(others.Length)];
                    var kind = random.NextDouble() < 0.25 ? ListenKind.Dislike : ListenKind.Skip;
                    events.Add(new ListenEvent(eventId, userId, track.TrackId, at, kind, MsPlayed: kind == ListenKind.Skip ? random.Next(1_500) : null));
                }
            }
            listeners.Add(new DemoListener(userId, loved, events));
        }
        return listeners;
    }
}

public sealed record DemoListener(string UserId, IReadOnlyList<Genre> LovedGenres, IReadOnlyList<ListenEvent> Events);
