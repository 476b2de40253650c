using System.Globalization;
using OpenMrs.Recommender.Data.Readers;

namespace OpenMrs.Training.Cli;

/// <summary>
/// Reads <c>--name value</c> options (and bare <c>--flag</c> switches) from a command line. Every option may be
/// given once except those declared repeatable; unknown or unused options are errors.
/// </summary>
public sealed class ArgumentReader
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public ArgumentReader(IEnumerable<string> args, IReadOnlySet<string> flags)
    {
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var name = e.Current;
            if (!name.StartsWith("--", StringComparison.Ordinal) || name.Length == 2)
                throw new CliUsageException($"unexpected argument '{name}' (options start with --)");
            var value = "true";
            if (!flags.Contains(name))
            {
                if (!e.MoveNext() || e.Current.StartsWith("--", StringComparison.Ordinal))
                    throw new CliUsageException($"option {name} needs a value");
                value = e.Current;
            }
            if (!_values.TryGetValue(name, out var list)) _values[name] = list = [];
            list.Add(value);
        }
    }

    public string? String(string name)
    {
        var all = All(name);
        if (all.Count > 1) throw new CliUsageException($"option {name} is given {all.Count} times");
        return all.Count == 0 ? null : all[0];
    }

    public string RequiredString(string name) => String(name) ?? throw new CliUsageException($"option {name} is required");

    public IReadOnlyList<string> All(string name)
    {
        _used.Add(name);
        return _values.TryGetValue(name, out var list) ? list : [];
    }

    public bool Flag(string name) => String(name) is not null;

    public int? Int(string name, int min)
    {
        var raw = String(name);
        if (raw is null) return null;
        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
            throw new CliUsageException($"option {name} must be an integer of at least {min}, got '{raw}'");
        return value;
    }

    public double? Double(string name, double minExclusive, double maxExclusive)
    {
        var raw = String(name);
        if (raw is null) return null;
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > minExclusive && value < maxExclusive))
            throw new CliUsageException($"option {name} must be a number between {minExclusive} and {maxExclusive} (exclusive), got '{raw}'");
        return value;
    }

    /// <summary>Comma-separated list, e.g. <c>--models als,pop</c>.</summary>
    public IReadOnlyList<string> List(string name, IReadOnlyList<string> fallback)
    {
        var raw = String(name);
        if (raw is null) return fallback;
        var parts = raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new CliUsageException($"option {name} needs at least one value");
        return parts;
    }

    /// <summary>
    /// The repeatable <c>--set model.option=value</c>: options["model"]["option"] = "value", for models named in
    /// <paramref name="models"/> only.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ModelOptions(IReadOnlyList<string> models)
    {
        var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in All("--set"))
        {
            var dot = setting.IndexOf('.');
            var equals = setting.IndexOf('=');
            if (dot <= 0 || equals < dot + 2 || equals == setting.Length - 1)
                throw new CliUsageException($"--set takes model.option=value, got '{setting}'");
            var model = setting[..dot].ToLowerInvariant();
            if (!models.Contains(model))
                throw new CliUsageException($"--set {setting} names model '{model}', which is not in --models");
            if (!result.TryGetValue(model, out var options)) result[model] = options = new(StringComparer.OrdinalIgnoreCase);
            options[setting[(dot + 1)..equals]] = setting[(equals + 1)..];
        }
        return result.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, string>)p.Value, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>A listening-file format: <c>--format msd|lastfm1k|hetrec|audioscrobbler|30music|tsv|sessions</c>, <paramref name="fallback"/> when absent.</summary>
    public (InteractionFormat Format, string Name) Format(string fallback = "tsv")
    {
        var name = String("--format") ?? fallback;
        if (!InteractionFormats.TryParse(name, out var format))
            throw new CliUsageException($"unknown --format '{name}'; known: {string.Join(", ", InteractionFormats.ByName.Keys)}");
        return (format, name.ToLowerInvariant());
    }

    public void ThrowOnUnknown()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new CliUsageException($"unknown option {string.Join(", ", unknown)}");
    }
}
