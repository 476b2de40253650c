namespace OpenMrs.Features.Fetching;

/// <summary>Why audio could not be fetched; Refused: the location is outside <see cref="AudioSourcePolicy"/>.</summary>
public enum AudioFetchFailure { BadUri, NotFound, TooLarge, Timeout, HttpError, Refused }

/// <summary>The audio URI could not be turned into a local file.</summary>
public sealed class AudioFetchException(AudioFetchFailure reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public AudioFetchFailure Reason { get; } = reason;
}
