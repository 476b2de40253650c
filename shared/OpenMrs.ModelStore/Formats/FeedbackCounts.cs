namespace OpenMrs.ModelStore.Formats;

/// <summary>
/// What one user did with one track, aggregated: the input of <see cref="FeedbackWeights.Weight"/>. Training's
/// interaction store and Serving's user state both keep these counts, so both turn them into the same weight.
/// </summary>
/// <param name="Plays">Plays of any length.</param>
/// <param name="TimedPlays">Of <paramref name="Plays"/>, those that reported milliseconds played.</param>
/// <param name="PlayedMs">Milliseconds played, summed over <paramref name="TimedPlays"/>.</param>
/// <param name="Excluded">A dislike or ban: the track never counts as a positive, whatever else happened.</param>
public readonly record struct FeedbackCounts(
    int Plays, int TimedPlays, long PlayedMs, int Skips, int Likes, int Saves, bool Excluded = false);
