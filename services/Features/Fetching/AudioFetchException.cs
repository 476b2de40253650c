namespace OpenMrs.Features.Fetching;

public enum AudioFetchFailure { BadUri, NotFound, TooLarge, Timeout, HttpError }

/// <summary>The audio URI could not be turned into a local file.</summary>
public sealed class AudioFetchException(AudioFetchFailure reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public AudioFetchFailure Reason { get; } = reason;
}
