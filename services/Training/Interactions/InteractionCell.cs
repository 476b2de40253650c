using OpenMrs.ModelStore.Formats;

namespace OpenMrs.Training.Interactions;

/// <summary>
/// One (user, track) pair of the interaction store: its typed feedback counts and when it was first and last
/// touched (event time, UTC ticks). About 48 bytes; with the dictionary entry about 72 bytes an interaction.
/// </summary>
internal struct InteractionCell
{
    public int Plays;
    public int TimedPlays;
    public long PlayedMs;
    public int Skips;
    public int Likes;
    public int Saves;
    public bool Excluded;
    public long FirstAtTicks;
    public long LastAtTicks;

    public readonly FeedbackCounts Counts => new(Plays, TimedPlays, PlayedMs, Skips, Likes, Saves, Excluded);
}

/// <summary>One interaction as exported by <see cref="InteractionStore.Export"/>.</summary>
public readonly record struct Interaction(string UserId, string TrackId, FeedbackCounts Counts, DateTimeOffset FirstAt, DateTimeOffset LastAt);
