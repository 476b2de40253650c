namespace OpenMrs.ModelStore.Store;

/// <summary>Validates the names that become path segments, so no input can escape the store root.</summary>
internal static class ModelStoreNames
{
    public const string ModelFileName = "model.bin";
    public const string ManifestFileName = "manifest.json";
    public const string TemporaryPrefix = ".tmp-";

    public static void ValidateKind(string kind)
    {
        if (!IsSafeSegment(kind, allowDot: false))
            throw new ModelStoreException($"invalid model kind '{kind}': use 1-64 characters of a-z, 0-9, '-' and '_'");
    }

    public static bool IsValidVersion(string version) => IsSafeSegment(version, allowDot: false);

    public static void ValidateVersion(string version)
    {
        if (!IsValidVersion(version))
            throw new ModelStoreException($"invalid model version '{version}'");
    }

    private static bool IsSafeSegment(string value, bool allowDot)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 64) return false;
        foreach (var c in value)
        {
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_'
                || (allowDot && c == '.');
            if (!ok) return false;
        }
        return true;
    }
}
