namespace OpenMrs.Serving.Grains.Ranking;

/// <summary>What ranking knows about the user, taken from the user's grain state for one request.</summary>
/// <param name="Heard">Played, skipped, liked or otherwise already known tracks.</param>
/// <param name="Vector">The user's fold-in vector against the current personal model (k floats), or null without one.</param>
/// <param name="RecentTracks">Positive listens (plays, likes, saves), most recent first, bounded.</param>
/// <param name="SessionTracks">The current session's tracks the user engaged with (played more than skipped, liked or saved; not disliked or banned), most recent first.</param>
/// <param name="SkipsByTrack">How often the user skipped each track (the scorer turns it into skips per artist).</param>
/// <param name="Feedback">Typed feedback per counted track, for models that score a whole history (the ranker).</param>
/// <param name="UnplayedInterest">For recent tracks the user liked or saved but never played: "liked" or "saved".</param>
public sealed record UserProfile(
    string UserId,
    IReadOnlySet<string> Heard,
    IReadOnlySet<string> Disliked,
    IReadOnlySet<string> Banned,
    float[]? Vector = null,
    IReadOnlyList<string>? RecentTracks = null,
    IReadOnlyList<string>? SessionTracks = null,
    IReadOnlyDictionary<string, int>? SkipsByTrack = null,
    IReadOnlyList<(string TrackId, OpenMrs.ModelStore.Formats.FeedbackCounts Counts)>? Feedback = null,
    IReadOnlyDictionary<string, string>? UnplayedInterest = null)
{
    /// <summary>The verb a reason uses for the user's evidence track: "played", or "liked" / "saved" for a track never played.</summary>
    public string InterestIn(string trackId) => UnplayedInterest?.GetValueOrDefault(trackId) ?? "played";

    public static UserProfile Anonymous(string userId) =>
        new(userId, new HashSet<string>(), new HashSet<string>(), new HashSet<string>());

    public IReadOnlyList<string> Recent => RecentTracks ?? [];
    public IReadOnlyList<string> Session => SessionTracks ?? [];
}
