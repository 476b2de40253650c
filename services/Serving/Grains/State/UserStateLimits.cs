namespace OpenMrs.Serving.Grains.State;

/// <summary>The bounds of one user's live state; they keep a grain's memory and its stored state small.</summary>
public static class UserStateLimits
{
    /// <summary>Recent-history ring: the last this-many track ids played or skipped.</summary>
    public const int HistorySize = 500;

    /// <summary>Per-track aggregates kept; beyond it the least recently touched tracks are forgotten.</summary>
    public const int TrackAggregates = 5_000;

    /// <summary>Likes, dislikes and bans kept, each; beyond it the oldest are forgotten.</summary>
    public const int ExplicitFeedback = 5_000;

    /// <summary>Event ids remembered for idempotency (redelivery replays a recent tail), at least; kept as fingerprints.</summary>
    public const int RecentEventIds = 1_000;

    /// <summary>Track ids kept of the current session.</summary>
    public const int SessionTracks = 200;

    /// <summary>
    /// Event times kept (every kind) to derive sessions. A late event newer than the oldest of them is placed exactly;
    /// an older one still enters the history and counts but no longer changes the session count.
    /// </summary>
    public const int SessionActivity = 500;

    /// <summary>A silence longer than this starts a new session.</summary>
    public static readonly TimeSpan SessionGap = TimeSpan.FromMinutes(30);

    /// <summary>When a bounded map overflows, this fraction of its capacity is evicted at once, so eviction is amortised.</summary>
    public const double EvictionFraction = 0.1;
}
