namespace OpenMrs.Contracts.Events;

/// <summary>What user and track ids may be: the same at ingestion and in Serving's URL paths.</summary>
public static class IdRules
{
    /// <summary>The longest id, in UTF-16 characters.</summary>
    public const int MaxLength = 128;

    /// <summary>
    /// User and track ids are URL path segments (<c>/v1/users/{userId}/…</c>, <c>/v1/tracks/{trackId}/…</c>), where an
    /// encoded '/' is not decoded and "." and ".." (even percent-encoded) are resolved as dot segments by clients and
    /// servers alike, so such an id could be stored but never read back; event ids may hold them.
    /// </summary>
    public static bool IsPathSafe(string id) => !id.Contains('/') && id is not ("." or "..");
}
