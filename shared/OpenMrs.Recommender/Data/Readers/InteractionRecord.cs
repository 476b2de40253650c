namespace OpenMrs.Recommender.Data.Readers;

/// <summary>
/// One row of a listening file with external ids: a user played (or rated) an item <see cref="Count"/> times.
/// <see cref="Time"/> is unix seconds where the format has it; <see cref="Session"/> is set by session-based formats.
/// </summary>
public readonly record struct InteractionRecord(string User, string Item, float Count, long? Time = null, string? Session = null);
