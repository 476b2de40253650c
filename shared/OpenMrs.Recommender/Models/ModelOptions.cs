using System.Globalization;

namespace OpenMrs.Recommender.Models;

/// <summary>An invalid hyperparameter: unknown key, unparsable or out-of-range value.</summary>
public sealed class ModelOptionException(string message) : ArgumentException(message);

/// <summary>
/// String hyperparameter overrides (from a CLI or a config file) read as typed values with defaults. Keys are
/// case-insensitive; <see cref="ThrowOnUnused"/> rejects keys no model option read, so a typo never goes unnoticed.
/// </summary>
public sealed class ModelOptions
{
    private readonly Dictionary<string, string> _values;
    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

    public ModelOptions(IReadOnlyDictionary<string, string>? values = null)
    {
        _values = new Dictionary<string, string>(values ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
    }

    public int Int(string key, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!TryRaw(key, out var raw)) return fallback;
        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw new ModelOptionException($"option '{key}' must be an integer, got '{raw}'");
        return InRange(key, value, min, max);
    }

    public float Float(string key, float fallback, float min = float.MinValue, float max = float.MaxValue)
    {
        if (!TryRaw(key, out var raw)) return fallback;
        if (!float.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
            throw new ModelOptionException($"option '{key}' must be a number, got '{raw}'");
        return InRange(key, value, min, max);
    }

    /// <summary>The integer given for <paramref name="key"/>, or null when none was given (the model then picks its default).</summary>
    public int? OptionalInt(string key, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!_values.ContainsKey(key)) return null;
        return Int(key, 0, min, max);
    }

    public float? OptionalFloat(string key)
    {
        if (!_values.ContainsKey(key)) return null;
        return Float(key, 0);
    }

    public bool Bool(string key, bool fallback)
    {
        if (!TryRaw(key, out var raw)) return fallback;
        return raw.ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw new ModelOptionException($"option '{key}' must be true or false, got '{raw}'"),
        };
    }

    public string String(string key, string fallback)
    {
        if (!TryRaw(key, out var raw)) return fallback;
        if (string.IsNullOrWhiteSpace(raw)) throw new ModelOptionException($"option '{key}' must not be empty");
        return raw.Trim();
    }

    /// <summary>
    /// The options under <c>prefix.</c> with the prefix removed (<c>als.factors=16</c> → <c>factors=16</c> for prefix "als"),
    /// for a model made of other models; they count as read here, and the inner model rejects the ones it does not know.
    /// </summary>
    public Dictionary<string, string> Prefixed(string prefix)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in _values)
        {
            if (key.Length <= prefix.Length + 1 || key[prefix.Length] != '.' || !key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) continue;
            _used.Add(key);
            result[key[(prefix.Length + 1)..]] = value;
        }
        return result;
    }

    public T Enum<T>(string key, T fallback) where T : struct, Enum
    {
        if (!TryRaw(key, out var raw)) return fallback;
        var normalised = raw.Replace("-", "").Replace("_", "");
        if (System.Enum.TryParse<T>(normalised, ignoreCase: true, out var value) && System.Enum.IsDefined(value)) return value;
        throw new ModelOptionException($"option '{key}' must be one of {string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}, got '{raw}'");
    }

    public void ThrowOnUnused(string model)
    {
        var unused = _values.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unused.Count > 0) throw new ModelOptionException($"unknown option(s) for {model}: {string.Join(", ", unused)}");
    }

    private bool TryRaw(string key, out string raw)
    {
        _used.Add(key);
        return _values.TryGetValue(key, out raw!);
    }

    private static T InRange<T>(string key, T value, T min, T max) where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
            throw new ModelOptionException($"option '{key}' = {value} is out of range [{min}, {max}]");
        return value;
    }
}
