namespace OpenMrs.Contracts.Events;

/// <summary>What user and track ids may be: the same at ingestion and in Serving's URL paths.</summary>
public static class IdRules
{
    /// <summary>The longest id, in UTF-16 characters.</summary>
    public const int MaxLength = 128;

    /// <summary>
    /// User and track ids are URL path segments (<c>/v1/users/{userId}/…</c>, <c>/v1/tracks/{trackId}/…</c>), where an
    /// encoded '/' is not decoded, so an id with one could be stored but never read back; event ids may hold it.
    /// </summary>
    public static bool IsPathSafe(string id) => !id.Contains('/');
}
