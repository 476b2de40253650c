namespace OpenMrs.Serving.Grains.Models;

/// <summary>
/// Holds the current model behind one reference, replaced with compare-and-swap: a reader sees the old model or the
/// new one, never a mix, and a late announcement of an older version never replaces a newer one.
/// </summary>
public sealed class CurrentModelHolder : ICurrentModel
{
    private ServingModel? _current;

    public ServingModel? Current => Volatile.Read(ref _current);

    public bool TrySwap(ServingModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        while (true)
        {
            var seen = Volatile.Read(ref _current);
            if (seen is not null && string.CompareOrdinal(seen.Version, model.Version) >= 0) return false;
            if (ReferenceEquals(Interlocked.CompareExchange(ref _current, model, seen), seen)) return true;
        }
    }
}
