using OpenMrs.Contracts.Events;

namespace OpenMrs.Ingestion.Validation;

/// <summary>Length and range limits of the fields accepted at the edge.</summary>
public static class FieldLimits
{
    public const int MaxIdLength = IdRules.MaxLength;
    public const int MaxContextLength = 256;
    public const int MaxNameLength = 512;
    public const int MaxUriLength = 2048;
    public const int MaxTags = 50;
    public const int MaxTagLength = 64;
    public const int MaxTextLength = 64 * 1024;
    /// <summary>One day in milliseconds: a longer play or track is a client bug.</summary>
    public const int MaxDurationMs = 86_400_000;
    /// <summary>The oldest <c>releasedAt</c> accepted: the first sound recordings are from the 1860s.</summary>
    public static readonly DateTimeOffset OldestReleasedAt = new(1860, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
