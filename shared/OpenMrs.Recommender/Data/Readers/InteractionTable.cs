namespace OpenMrs.Recommender.Data.Readers;

/// <summary>
/// Interaction records in columnar form with dense user, item and session indices, in file order. Keeps what a
/// matrix loses (each play's time and session) for time-based splits and sequence evaluation.
/// </summary>
public sealed class InteractionTable
{
    private readonly List<int> _users = [];
    private readonly List<int> _items = [];
    private readonly List<float> _counts = [];
    private readonly List<long> _times = [];
    private readonly List<int> _sessions = [];

    public InteractionTable(IdMap? users = null, IdMap? items = null)
    {
        Users = users ?? new IdMap();
        Items = items ?? new IdMap();
    }

    public IdMap Users { get; }
    public IdMap Items { get; }
    public IdMap Sessions { get; } = new();

    public int Count => _users.Count;

    /// <summary>True when every record had a time.</summary>
    public bool HasTimes { get; private set; } = true;

    public IReadOnlyList<int> UserIndices => _users;
    public IReadOnlyList<int> ItemIndices => _items;
    public IReadOnlyList<float> Counts => _counts;

    /// <summary>Unix seconds per record; <see cref="long.MinValue"/> where the record had none.</summary>
    public IReadOnlyList<long> Times => _times;

    /// <summary>Session index per record; -1 where the record had none.</summary>
    public IReadOnlyList<int> SessionIndices => _sessions;

    public static InteractionTable Load(IEnumerable<InteractionRecord> records, IdMap? users = null, IdMap? items = null)
    {
        var table = new InteractionTable(users, items);
        foreach (var record in records) table.Add(record);
        return table;
    }

    public void Add(InteractionRecord record)
    {
        _users.Add(Users.GetOrAdd(record.User));
        _items.Add(Items.GetOrAdd(record.Item));
        _counts.Add(record.Count);
        _times.Add(record.Time ?? long.MinValue);
        _sessions.Add(record.Session is { } session ? Sessions.GetOrAdd(session) : -1);
        if (record.Time is null) HasTimes = false;
    }

    /// <summary>The user × item matrix of summed counts, sized to the current id maps.</summary>
    public InteractionMatrix ToMatrix() => ToMatrix(Enumerable.Range(0, Count));

    /// <summary>The matrix of the chosen records only (same id maps, so train and test matrices share indices).</summary>
    public InteractionMatrix ToMatrix(IEnumerable<int> records)
    {
        var builder = new CsrBuilder(Users.Count, Items.Count);
        foreach (var r in records) builder.Add(_users[r], _items[r], _counts[r]);
        return new InteractionMatrix(Users, Items, builder.Build());
    }
}
