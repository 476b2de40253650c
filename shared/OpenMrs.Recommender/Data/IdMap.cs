namespace OpenMrs.Recommender.Data;

/// <summary>
/// A dense mapping between external string ids and 0-based indices, numbered in insertion order unless renumbered
/// with <see cref="SortFrom"/>.
/// </summary>
public sealed class IdMap
{
    private readonly Dictionary<string, int> _indexById;
    private readonly List<string> _ids;

    public IdMap() : this([]) { }

    public IdMap(IEnumerable<string> ids)
    {
        _ids = [];
        _indexById = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in ids) GetOrAdd(id);
    }

    public int Count => _ids.Count;

    public IReadOnlyList<string> Ids => _ids;

    public string this[int index] => _ids[index];

    public int GetOrAdd(string id)
    {
        if (_indexById.TryGetValue(id, out var index)) return index;
        index = _ids.Count;
        _ids.Add(id);
        _indexById.Add(id, index);
        return index;
    }

    public bool TryGetIndex(string id, out int index) => _indexById.TryGetValue(id, out index);

    public IdMap Clone() => new(_ids);

    /// <summary>
    /// Renumbers the ids from index <paramref name="start"/> on in ordinal order of the id strings; indices below
    /// <paramref name="start"/> keep their number. Returns the new index of every old index (length <see cref="Count"/>).
    /// Lets a loader number ids independently of the order in which a file lists them.
    /// </summary>
    public int[] SortFrom(int start)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, Count);
        var newIndex = new int[_ids.Count];
        for (var i = 0; i < start; i++) newIndex[i] = i;
        var tail = _ids.GetRange(start, _ids.Count - start);
        var oldIndex = Enumerable.Range(start, tail.Count).ToArray();
        var keys = tail.ToArray();
        Array.Sort(keys, oldIndex, StringComparer.Ordinal);
        for (var p = 0; p < keys.Length; p++)
        {
            var index = start + p;
            newIndex[oldIndex[p]] = index;
            _ids[index] = keys[p];
            _indexById[keys[p]] = index;
        }
        return newIndex;
    }
}
