using System.Globalization;
using OpenMrs.Contracts.Events;

namespace OpenMrs.Testing.Planted;

/// <summary>
/// A <see cref="PlantedListenStream"/> written as a listening file the readers know, with its positive events only
/// (plays and likes, each one play; skips left out), so a tool that reads the file sees the same planted tastes.
/// </summary>
public static class PlantedListeningFile
{
    /// <summary>
    /// 30Music sessions (<c>UserId SessionId ItemId Time ArtistId</c>, tab-separated, a header): one line per play at
    /// its unix time (whole seconds), in the stream's time order; the session is the user, the artist the taste group.
    /// </summary>
    /// <returns>The events written, one per line after the header, in order.</returns>
    public static IReadOnlyList<ListenEvent> WriteThirtyMusic(PlantedListenStream stream, string path)
    {
        var plays = Positives(stream).ToList();
        File.WriteAllLines(path, ["UserId\tSessionId\tItemId\tTime\tArtistId", .. plays.Select(e =>
            string.Create(CultureInfo.InvariantCulture, $"{e.UserId}\t{e.UserId}\t{e.TrackId}\t{e.OccurredAt.ToUnixTimeSeconds()}\t{stream.TrackGroup[e.TrackId]}"))]);
        return plays;
    }

    /// <summary>
    /// <c>user \t item \t count</c> with a header and no times: per user, one line per track with its play count, in
    /// the order the user first played them.
    /// </summary>
    /// <returns>(user, track, count) per line after the header.</returns>
    public static IReadOnlyList<(string User, string Track, int Count)> WriteCounts(PlantedListenStream stream, string path)
    {
        var rows = Positives(stream)
            .GroupBy(e => e.UserId, StringComparer.Ordinal)
            .SelectMany(user => user.GroupBy(e => e.TrackId, StringComparer.Ordinal).Select(track => (User: user.Key, Track: track.Key, Count: track.Count())))
            .ToList();
        File.WriteAllLines(path, ["user\titem\tcount", .. rows.Select(r => $"{r.User}\t{r.Track}\t{r.Count}")]);
        return rows;
    }

    private static IEnumerable<ListenEvent> Positives(PlantedListenStream stream) =>
        stream.Events.Where(e => e.Kind is ListenKind.Play or ListenKind.Like);
}
