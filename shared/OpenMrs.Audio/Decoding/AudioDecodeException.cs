namespace OpenMrs.Audio.Decoding;

/// <summary>Why a file could not be turned into samples.</summary>
public enum AudioDecodeFailure
{
    FileNotFound,
    Empty,
    Unreadable,
    UnsupportedFormat,
    Silent,
    TooLong,
    Timeout,
    DecoderUnavailable,
}

/// <summary>A file could not be decoded; <see cref="Reason"/> says why, the message says what the decoder reported.</summary>
public sealed class AudioDecodeException(AudioDecodeFailure reason, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public AudioDecodeFailure Reason { get; } = reason;
}
