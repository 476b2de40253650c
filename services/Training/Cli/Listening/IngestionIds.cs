using System.Security.Cryptography;
using System.Text;

namespace OpenMrs.Training.Cli.Listening;

/// <summary>
/// Makes a file's user and track ids valid ingestion ids (1–128 characters, no control characters, no leading or
/// trailing spaces; services/Ingestion/README.md), deterministically: runs of control characters (the tab of an
/// artist–title key) become <c>" - "</c>, and an id still too long keeps its start and ends in <c>~</c> and 16 hex
/// digits of its SHA-256, so distinct ids stay distinct. Valid ids are returned unchanged.
/// </summary>
public static class IngestionIds
{
    public const int MaxLength = 128;
    private const int HashLength = 16;

    /// <param name="maxLength">At most <see cref="MaxLength"/>; less to leave room for a suffix.</param>
    public static string Valid(string id, int maxLength = MaxLength)
    {
        if (IsValid(id, maxLength)) return id;
        var text = new StringBuilder(id.Length);
        var inControl = false;
        foreach (var c in id)
        {
            if (char.IsControl(c))
            {
                if (!inControl) text.Append(" - ");
                inControl = true;
                continue;
            }
            text.Append(c);
            inControl = false;
        }
        var cleaned = text.ToString().Trim();
        if (cleaned.Length == 0) cleaned = "_";
        if (cleaned.Length <= maxLength) return cleaned;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..HashLength];
        return $"{cleaned[..(maxLength - HashLength - 1)].TrimEnd()}~{hash}";
    }

    private static bool IsValid(string id, int maxLength) =>
        id.Length > 0 && id.Length <= maxLength && id.Trim().Length == id.Length && !id.Any(char.IsControl);
}
