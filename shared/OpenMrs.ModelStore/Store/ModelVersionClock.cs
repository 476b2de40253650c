namespace OpenMrs.ModelStore.Store;

/// <summary>
/// Issues version names <c>yyyyMMddTHHmmssfffZ-NNNNNN</c>: a UTC timestamp and a counter. Ordinal string order is
/// publication order. A new version is always greater than <c>after</c> (the newest one on disk), even when the
/// clock stands still or goes back.
/// </summary>
public sealed class ModelVersionClock(TimeProvider time)
{
    private const string TimestampFormat = "yyyyMMdd'T'HHmmssfff'Z'";
    private const int CounterDigits = 6;
    private readonly Lock _gate = new();

    public ModelVersionClock() : this(TimeProvider.System) { }

    public string Next(string? after)
    {
        lock (_gate)
        {
            var stamp = time.GetUtcNow().UtcDateTime.ToString(TimestampFormat, System.Globalization.CultureInfo.InvariantCulture);
            var candidate = Format(stamp, 0);
            if (after is null || string.CompareOrdinal(candidate, after) > 0) return candidate;

            var (afterStamp, afterCounter) = Parse(after);
            return Format(afterStamp, afterCounter + 1);
        }
    }

    private static string Format(string stamp, long counter) => $"{stamp}-{counter.ToString().PadLeft(CounterDigits, '0')}";

    private static (string Stamp, long Counter) Parse(string version)
    {
        var dash = version.LastIndexOf('-');
        if (dash > 0 && long.TryParse(version.AsSpan(dash + 1), out var counter))
            return (version[..dash], counter);
        // A foreign version name: keep it as the prefix so the result still sorts after it.
        return (version, 0);
    }
}
