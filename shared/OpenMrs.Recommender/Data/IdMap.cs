namespace OpenMrs.Recommender.Data;

/// <summary>A dense, insertion-ordered mapping between external string ids and 0-based indices.</summary>
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
}
