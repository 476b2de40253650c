namespace OpenMrs.Serving.Grains.State;

/// <summary>Evicts the least recently touched entries of a map once it holds more than its capacity.</summary>
internal static class BoundedRecency
{
    public static void Trim<TValue>(Dictionary<string, TValue> map, int capacity, Func<TValue, DateTimeOffset> touchedAt)
    {
        if (map.Count <= capacity) return;
        var target = capacity - (int)(capacity * UserStateLimits.EvictionFraction);
        foreach (var key in map.OrderBy(kv => touchedAt(kv.Value)).Take(map.Count - target).Select(kv => kv.Key).ToList())
            map.Remove(key);
    }
}
