using OpenMrs.Recommender.Data.Readers;

namespace OpenMrs.Recommender.Data.ImplicitRatings;

/// <summary>
/// Turns a user's plays of one track into a 1–5 implicit rating (ALGORITHMS.md A, Last.fm rule):
/// one play → 3; more than 10 plays → 5; otherwise 4, raised to 5 when two consecutive plays are under 24 h apart
/// or some 4 consecutive plays span under 30 days.
/// </summary>
public static class LastFmRatingRule
{
    private const long Day = 24 * 3600;
    private static readonly long ShortGap = Day;
    private static readonly long BurstSpan = 30 * Day;

    /// <param name="times">Unix seconds of each play, in any order.</param>
    public static float Rate(ReadOnlySpan<long> times)
    {
        if (times.Length == 0) throw new ArgumentException("a rating needs at least one play", nameof(times));
        if (times.Length == 1) return 3f;
        if (times.Length > 10) return 5f;
        Span<long> sorted = stackalloc long[times.Length];
        times.CopyTo(sorted);
        sorted.Sort();
        for (var i = 1; i < sorted.Length; i++)
            if (sorted[i] - sorted[i - 1] < ShortGap) return 5f;
        for (var i = 3; i < sorted.Length; i++)
            if (sorted[i] - sorted[i - 3] < BurstSpan) return 5f;
        return 4f;
    }

    /// <summary>The ratings matrix of a table of timed plays (one record per play, e.g. Last.fm-1K).</summary>
    public static InteractionMatrix Apply(InteractionTable plays)
    {
        if (!plays.HasTimes) throw new InvalidOperationException("the Last.fm rating rule needs a time on every play");
        var order = Enumerable.Range(0, plays.Count).ToArray();
        var users = plays.UserIndices;
        var items = plays.ItemIndices;
        Array.Sort(order, (a, b) => users[a] != users[b] ? users[a].CompareTo(users[b]) : items[a].CompareTo(items[b]));

        var builder = new CsrBuilder(plays.Users.Count, plays.Items.Count);
        var times = new List<long>();
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            times.Clear();
            while (end < order.Length && users[order[end]] == users[order[start]] && items[order[end]] == items[order[start]])
            {
                var record = order[end++];
                for (var play = 0; play < Math.Max(1, (int)plays.Counts[record]); play++) times.Add(plays.Times[record]);
            }
            builder.Add(users[order[start]], items[order[start]], Rate(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(times)));
            start = end;
        }
        return new InteractionMatrix(plays.Users, plays.Items, builder.Build());
    }
}
