using OpenMrs.Recommender.Data.Readers;

namespace OpenMrs.Recommender.Data.ImplicitRatings;

/// <summary>
/// Turns Taste Profile play counts into 1–5 implicit ratings (ALGORITHMS.md A): count &gt; 4 → 5, 2–4 → 4, 1 → 3;
/// each repeated (user, song) line adds +1, capped at 5. Optionally keeps only the most active users.
/// </summary>
public static class TasteProfileRatingRule
{
    public static float Rate(float count) => count > 4 ? 5f : count >= 2 ? 4f : 3f;

    /// <param name="topUsers">When set, keep only this many users with the most lines (ties go to the user seen first).</param>
    public static InteractionMatrix Apply(InteractionTable triplets, int? topUsers = null)
    {
        if (topUsers is <= 0) throw new ArgumentOutOfRangeException(nameof(topUsers), "must be positive");
        var ratings = new Dictionary<(int User, int Item), float>();
        var linesPerUser = new int[triplets.Users.Count];
        for (var r = 0; r < triplets.Count; r++)
        {
            var key = (triplets.UserIndices[r], triplets.ItemIndices[r]);
            linesPerUser[key.Item1]++;
            ratings[key] = ratings.TryGetValue(key, out var rating) ? Math.Min(5f, rating + 1f) : Rate(triplets.Counts[r]);
        }

        var kept = KeepMostActive(linesPerUser, topUsers ?? linesPerUser.Length);
        var users = new IdMap(kept.Select(u => triplets.Users[u]));
        var newIndex = new Dictionary<int, int>(kept.Length);
        for (var i = 0; i < kept.Length; i++) newIndex[kept[i]] = i;

        var builder = new CsrBuilder(users.Count, triplets.Items.Count);
        foreach (var ((user, item), rating) in ratings)
            if (newIndex.TryGetValue(user, out var row)) builder.Add(row, item, rating);
        return new InteractionMatrix(users, triplets.Items, builder.Build());
    }

    private static int[] KeepMostActive(int[] linesPerUser, int count)
    {
        if (count >= linesPerUser.Length) return Enumerable.Range(0, linesPerUser.Length).ToArray();
        var chosen = Enumerable.Range(0, linesPerUser.Length)
            .OrderByDescending(u => linesPerUser[u]).ThenBy(u => u)
            .Take(count).ToArray();
        Array.Sort(chosen);
        return chosen;
    }
}
