using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Ranking;

namespace OpenMrs.Serving.Grains.State;

public sealed partial class UserListeningState
{
    /// <summary>
    /// What ranking needs of this state for one request under <paramref name="model"/>: known, disliked and banned
    /// tracks, the fold-in <paramref name="vector"/>, the <paramref name="recentTracks"/> most recent positive tracks,
    /// the session, skips per track, and typed feedback when the model has a ranker. Used by the user grain and by the
    /// offline replay of the ranking pipeline, so both rank from the same profile.
    /// </summary>
    /// <param name="heardWindow">Plays and skips older than this may come back (<c>Serving:HeardWindow</c>); null = never.</param>
    public UserProfile ToProfile(string userId, ServingModel model, float[]? vector, TimeSpan? heardWindow, int recentTracks)
    {
        var recent = RecentPositive(recentTracks);
        return new UserProfile(
            userId,
            KnownTracks(heardWindow),
            AddKeys(new HashSet<string>(Dislikes.Count, StringComparer.Ordinal), Dislikes),
            AddKeys(new HashSet<string>(Bans.Count, StringComparer.Ordinal), Bans),
            vector,
            recent,
            SessionPositiveMostRecentFirst(),
            Skips(),
            model.Ranker is null ? null : Feedback().ToList(),
            UnplayedInterest(recent));
    }

    /// <returns>"liked" or "saved" for the <paramref name="tracks"/> never played; null when every one was played.</returns>
    private Dictionary<string, string>? UnplayedInterest(IReadOnlyList<string> tracks)
    {
        Dictionary<string, string>? verbs = null;
        foreach (var track in tracks)
        {
            if (!Tracks.TryGetValue(track, out var counts) || counts.Plays > 0) continue;
            (verbs ??= new Dictionary<string, string>(StringComparer.Ordinal))[track] = counts.Likes > 0 ? "liked" : "saved";
        }
        return verbs;
    }
}
