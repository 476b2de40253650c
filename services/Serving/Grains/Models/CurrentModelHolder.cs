namespace OpenMrs.Serving.Grains.Models;

/// <summary>
/// Holds the current models behind one reference, replaced with compare-and-swap: a reader sees the old whole or the
/// new one, never a mix, and a late announcement of an older version of a part never replaces a newer one.
/// </summary>
public sealed class CurrentModelHolder : ICurrentModel
{
    private ServingModel? _current;

    public ServingModel? Current => Volatile.Read(ref _current);

    public bool TryUpdate(string kind, string version, Func<ServingModel?, ServingModel> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        while (true)
        {
            var seen = Volatile.Read(ref _current);
            if (seen?.VersionOf(kind) is { } held && string.CompareOrdinal(held, version) >= 0) return false;
            var next = update(seen);
            if (ReferenceEquals(Interlocked.CompareExchange(ref _current, next, seen), seen)) return true;
        }
    }
}
